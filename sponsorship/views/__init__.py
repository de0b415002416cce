"""The sponsorship app's pages, by subject; every one is importable from here."""

from sponsorship.views.interests import (
    LeadListView,
    SponsorshipInterestCreateView,
    SponsorshipInterestWithdrawView,
)
from sponsorship.views.questionnaires import (
    QuestionnaireAnswerView,
    QuestionnaireEditView,
    QuestionnaireExportView,
    QuestionnaireFromTemplateView,
    QuestionnaireResultsView,
)
from sponsorship.views.report import (
    EpisodeReportCsvView,
    EpisodeReportPrintView,
    EpisodeReportView,
)

__all__ = [
    "EpisodeReportCsvView",
    "EpisodeReportPrintView",
    "EpisodeReportView",
    "LeadListView",
    "QuestionnaireAnswerView",
    "QuestionnaireEditView",
    "QuestionnaireExportView",
    "QuestionnaireFromTemplateView",
    "QuestionnaireResultsView",
    "SponsorshipInterestCreateView",
    "SponsorshipInterestWithdrawView",
]
