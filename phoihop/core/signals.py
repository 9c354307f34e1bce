"""Sign-in, sign-out, lockout and MFA events → audit (receivers only record; no business logic)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_reset
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from phoihop.audit.models import Outcome
from phoihop.audit.services import audit_record
from phoihop.core import audit_events


@receiver(user_logged_in, dispatch_uid="phoihop_audit_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action=audit_events.AUTH_LOGIN, actor=user, obj=user)


@receiver(user_logged_out, dispatch_uid="phoihop_audit_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=audit_events.AUTH_LOGOUT, actor=user, obj=user)


@receiver(user_login_failed, dispatch_uid="phoihop_audit_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username") or credentials.get("login") or "")[:150]
    audit_record(
        action=audit_events.AUTH_LOGIN_FAILED,
        actor_name=username,
        object_type="core.user",  # the name typed is the actor's; no object_repr repeats it
        outcome=Outcome.FAILED,
    )


@receiver(user_locked_out, dispatch_uid="phoihop_audit_lockout")
def _locked_out(
    sender: Any, request: Any, username: str | None = None, ip_address: str | None = None, **kwargs: Any
) -> None:
    audit_record(
        action=audit_events.AUTH_LOCKOUT,
        actor_name=(username or "")[:150],
        object_type="core.user",
        outcome=Outcome.DENIED,
        payload={"ip": ip_address},
    )


# allauth announces new authenticators only after commit; the model signals fire inside the transaction
# that adds or removes the authenticator, so the audit event commits or rolls back with it.
@receiver(post_save, sender=Authenticator, dispatch_uid="phoihop_audit_mfa_added")
def _mfa_added(sender: Any, instance: Authenticator, created: bool, **kwargs: Any) -> None:
    if created:
        audit_record(
            action=audit_events.AUTH_MFA_ADDED,
            actor=instance.user,
            obj=instance.user,
            payload={"type": instance.type},
        )


@receiver(post_delete, sender=Authenticator, dispatch_uid="phoihop_audit_mfa_removed")
def _mfa_removed(sender: Any, instance: Authenticator, **kwargs: Any) -> None:
    audit_record(
        action=audit_events.AUTH_MFA_REMOVED,
        actor=instance.user,
        obj=instance.user,
        payload={"type": instance.type},
    )


@receiver(authenticator_reset, dispatch_uid="phoihop_audit_mfa_reset")
def _mfa_codes(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit_record(
        action=audit_events.AUTH_MFA_RECOVERY_CODES,
        actor=user,
        obj=user,
        payload={"type": authenticator.type},
    )


@receiver(password_changed, dispatch_uid="phoihop_audit_password_changed")
def _password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action=audit_events.AUTH_PASSWORD_CHANGED, actor=user, obj=user)
