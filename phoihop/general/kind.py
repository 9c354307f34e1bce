"""The general-coordination kind: a matter one agency handles with others, with no legal period of its own.

This module is the whole of a kind's surface (cases/kinds.py): copy this app to add a kind. General
coordination has no fields beyond the case's, so it has no details model, form or serializer, panel or on-open
hook; a kind that has them declares them here (see the test kind in phoihop/tests/testkind/)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.cases.choices import DeadlineStep, DeadlineUnit, RequestKind
from phoihop.cases.kinds import Dimension, DocumentTemplate, KindSpec, Step
from phoihop.cases.workflow import Transition, Workflow, clear_outcome, no_open_requests, record_outcome
from phoihop.core.choices import RoleCode
from phoihop.general.demo import CODE, demo_cases

GENERAL = Workflow(
    kind=CODE,
    initial="open",
    states={"open": _("Đang xử lý"), "concluded": _("Đã kết luận"), "withdrawn": _("Đã dừng")},
    transitions=(
        # Translators: the labels are the buttons of a case's transitions; the done labels say what happened,
        # in the case's timeline and in notifications.
        Transition(
            "conclude",
            pgettext_lazy("case transition", "Kết luận"),
            "open",
            "concluded",
            (RoleCode.LEADER,),
            requires_reason=True,
            guard=no_open_requests,
            effects=(record_outcome,),
            done_label=_("Đã kết luận hồ sơ"),
        ),
        Transition(
            "stop",
            pgettext_lazy("case transition", "Dừng xử lý"),
            "open",
            "withdrawn",
            (RoleCode.LEADER,),
            requires_reason=True,
            effects=(clear_outcome,),  # stopped is not an outcome; the reason is in the timeline
            done_label=_("Đã dừng xử lý hồ sơ"),
        ),
        Transition(
            "reopen",
            pgettext_lazy("case transition", "Mở lại"),
            "concluded",
            "open",
            (RoleCode.LEADER,),
            requires_reason=True,
            effects=(clear_outcome,),
            done_label=_("Đã mở lại hồ sơ"),
        ),
        Transition(
            "resume",
            pgettext_lazy("case transition", "Tiếp tục xử lý"),
            "withdrawn",
            "open",
            (RoleCode.LEADER,),
            requires_reason=True,
            effects=(clear_outcome,),
            done_label=_("Đã tiếp tục xử lý hồ sơ"),
        ),
    ),
    final=frozenset({"concluded", "withdrawn"}),
    tones={"concluded": "success"},
)

# General coordination has no legal period; these are the defaults a provincial regulation typically uses
# (requests answered within 10 working days, opinions within 7, the case within 30); the number of extensions
# defaults to PHOIHOP_REQUEST_MAX_EXTENSIONS and the length of each to the period itself, until an
# administrator sets them per rule.
BASIS = "Quy chế phối hợp (mặc định)"

SPEC = KindSpec(
    code=CODE,
    label=_("Phối hợp chung"),
    prefix="PH",
    workflow=GENERAL,
    steps=(
        Step(DeadlineStep.CASE, DeadlineStep.CASE.label, 30, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.VERIFY, DeadlineStep.VERIFY.label, 10, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.INFORMATION, DeadlineStep.INFORMATION.label, 10, DeadlineUnit.WORKING, BASIS),
        Step(DeadlineStep.OPINION, DeadlineStep.OPINION.label, 7, DeadlineUnit.WORKING, BASIS),
    ),
    request_kinds=(RequestKind.VERIFY, RequestKind.INFORMATION, RequestKind.OPINION),
    dimensions=(
        Dimension("owner_agency", _("Cơ quan chủ trì"), "owner_agency__code"),
        Dimension("status", _("Trạng thái"), "status"),
        Dimension("classification", _("Độ mật"), "classification"),
    ),
    # what a general-coordination case drafts beside the common công văn, thông báo and báo cáo (the documents
    # app renders them in the Party or the State regime; the letters kind will carry its own acceptance
    # notices)
    documents=(
        DocumentTemplate(
            "phieu_chuyen",
            _("Phiếu chuyển đơn, thư"),
            "PC",
            "PHIẾU CHUYỂN",
            "Ban Tổ chức Tỉnh ủy nhận được đơn, thư liên quan đến {subject} (hồ sơ {case}). Căn "
            "cứ chức năng, nhiệm vụ, Ban Tổ chức Tỉnh ủy chuyển đơn, thư đến {agency} để xem xét, "
            "giải quyết theo thẩm quyền và thông báo kết quả về Ban Tổ chức Tỉnh ủy theo quy định.",
        ),
        DocumentTemplate(
            "thong_bao_ket_qua",
            _("Thông báo kết quả phối hợp"),
            "TB",
            "THÔNG BÁO",
            "Ban Tổ chức Tỉnh ủy thông báo kết quả phối hợp giải quyết nội dung liên quan đến {subject} "
            "(hồ sơ {case}) như sau: …",
        ),
        DocumentTemplate(
            "ket_luan",
            _("Kết luận"),
            "KL",
            "KẾT LUẬN",
            "Trên cơ sở kết quả thẩm tra, xác minh và ý kiến của các cơ quan phối hợp, Ban Tổ chức Tỉnh ủy "
            "kết luận về {subject} (hồ sơ {case}): …",
        ),
    ),
    demo=demo_cases,
)
