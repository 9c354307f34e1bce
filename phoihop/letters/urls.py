from django.urls import path

from phoihop.letters import views

app_name = "letters"

urlpatterns = [
    path("letters/", views.register, name="register"),
    path("letters/new/", views.intake, name="intake"),
    path("letters/transfers/", views.transfers, name="transfers"),
    path("letters/transfers/<uuid:transfer_id>/take/", views.transfer_take, name="transfer_take"),
    path("letters/vault-reads/", views.vault_reads, name="vault_reads"),
    path("letters/rules/", views.rules_page, name="rules"),
    path("letters/<uuid:case_id>/classify/", views.classify, name="classify"),
    path("letters/<uuid:case_id>/vault/", views.vault, name="vault"),
    path("letters/<uuid:case_id>/vault/files/<uuid:file_id>/", views.vault_file, name="vault_file"),
    path("letters/<uuid:case_id>/matches/<uuid:match_id>/", views.match_decide, name="match_decide"),
    path("letters/<uuid:case_id>/explanations/", views.explanation_add, name="explanation_add"),
    path(
        "letters/<uuid:case_id>/allegations/<uuid:allegation_id>/conclude/",
        views.allegation_conclude,
        name="allegation_conclude",
    ),
    path("letters/<uuid:case_id>/conclude/", views.conclude, name="conclude"),
]
