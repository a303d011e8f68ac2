"""/accounts/: allauth's pages (sign-in, email, password, two-factor) with Bahi's limits on
sign-in, two-factor codes and password reset, then the identity app's own pages."""

from django.urls import include, path

from bahi.identity.views import account, admin, records, signin

urlpatterns = [
    path("login/", signin.LoginView.as_view(), name="account_login"),
    path("password/reset/", signin.PasswordResetView.as_view(), name="account_reset_password"),
    path("2fa/authenticate/", signin.MFAAuthenticateView.as_view(), name="mfa_authenticate"),
    path("invitation/<str:token>/", account.invitation, name="identity_invitation"),
    path("switch-company/", account.switch_company, name="identity_switch_company"),
    path("logout-everywhere/", account.logout_everywhere, name="identity_logout_everywhere"),
    path("members/", admin.members_list, name="identity_members"),
    path("members/invite/", admin.invite, name="identity_invite"),
    path("members/require-2fa/", admin.require_2fa, name="identity_require_2fa"),
    path("members/<int:membership_id>/role/", admin.member_role, name="identity_member_role"),
    path("members/<int:membership_id>/remove/", admin.member_remove, name="identity_member_remove"),
    path(
        "invitations/<int:invitation_id>/revoke/",
        admin.invitation_revoke,
        name="identity_invitation_revoke",
    ),
    path("api-keys/", admin.api_key_list, name="identity_api_keys"),
    path("api-keys/new/", admin.api_key_create, name="identity_api_key_create"),
    path("api-keys/<int:key_id>/revoke/", admin.api_key_revoke, name="identity_api_key_revoke"),
    path("security-events/", records.security_events, name="identity_security_events"),
    path("audit/", records.audit_trail, name="identity_audit"),
    path("audit.csv", records.audit_trail_csv, name="identity_audit_csv"),
    path("", include("allauth.urls")),
]
