from django.urls import path

from sponsorship import views

app_name = "sponsorship"

urlpatterns = [
    path(
        "topics/<slug:slug>/sponsor/",
        views.SponsorshipInterestCreateView.as_view(),
        name="interest_create",
    ),
    path(
        "sponsor-interests/<int:pk>/withdraw/",
        views.SponsorshipInterestWithdrawView.as_view(),
        name="interest_withdraw",
    ),
    path("topics/<slug:slug>/sponsors/", views.LeadListView.as_view(), name="lead_list"),
    path(
        "topics/<slug:slug>/questionnaire/",
        views.QuestionnaireAnswerView.as_view(),
        name="questionnaire_answer",
    ),
    path(
        "topics/<slug:slug>/questionnaire/edit/",
        views.QuestionnaireEditView.as_view(),
        name="questionnaire_edit",
    ),
    path(
        "topics/<slug:slug>/questionnaire/from-template/",
        views.QuestionnaireFromTemplateView.as_view(),
        name="questionnaire_from_template",
    ),
    path(
        "topics/<slug:slug>/questionnaire/results/",
        views.QuestionnaireResultsView.as_view(),
        name="questionnaire_results",
    ),
    path(
        "topics/<slug:slug>/questionnaire/results.csv",
        views.QuestionnaireExportView.as_view(),
        name="questionnaire_export",
    ),
    path("sponsorship/report/<slug:slug>/", views.EpisodeReportView.as_view(), name="report"),
    path(
        "sponsorship/report/<slug:slug>/print/",
        views.EpisodeReportPrintView.as_view(),
        name="report_print",
    ),
    path(
        "sponsorship/report/<slug:slug>/report.csv",
        views.EpisodeReportCsvView.as_view(),
        name="report_csv",
    ),
]
