"""Forms of the identity pages."""

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.auth import password_validation
from django.http import QueryDict

from bahi.identity.models import Role


class LoginForm(AllauthLoginForm):  # type: ignore[misc]
    """allauth's sign-in form ("login" is an email or a user name). Scripts written for the
    interim sign-in post the field as "username"; that name is still understood."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        data = kwargs.get("data")
        if isinstance(data, QueryDict) and "login" not in data and "username" in data:
            data = data.copy()
            data["login"] = str(data["username"])
            kwargs["data"] = data
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email or user name"

    def user_credentials(self) -> dict[str, Any]:
        # allauth also tries an address as a user name, which checks a wrong password twice:
        # a known account would then answer slower than an unknown one (R8: same timing). So a
        # sign-in name with "@" is only ever taken as an email address.
        credentials: dict[str, Any] = super().user_credentials()
        if "email" in credentials:
            credentials.pop("username", None)
        return credentials


class NewPasswordForm(forms.Form):
    """A new user's password, checked by Django's validators (12 characters at least)."""

    password1 = forms.CharField(label="Password", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Password again", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(max_length=254)
    role = forms.ChoiceField(choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=100)
    role = forms.ChoiceField(choices=Role.choices)
    expires_on = forms.DateField(required=False, help_text="empty: never expires")


class Require2faForm(forms.Form):
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Roles that must use two-factor sign-in",
    )
