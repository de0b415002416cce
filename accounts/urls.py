from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/edit/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("profile/data.zip", views.DataExportView.as_view(), name="data_export"),
    path("profile/delete/", views.AccountDeleteView.as_view(), name="account_delete"),
    path("language/", views.LanguageSetView.as_view(), name="language_set"),
    path("members/<uuid:public_id>/", views.ProfileDetailView.as_view(), name="profile_detail"),
]
