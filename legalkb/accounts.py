"""Readers' accounts: sign up with an e-mail address and a password, confirmed by e-mail; sign
in (django-axes locks out repeated wrong passwords, as in the admin); reset a forgotten
password; save searches and follow entries and acts, with daily or weekly alerts
(legalkb.alerts); unsubscribe in one click from any alert; delete the account and all it saved.

Readers are users without staff status, in no group, so the admin refuses them; editors'
accounts are the administrators' to manage, and cannot be reset or deleted here. Sign-ups and
the mails they ask for are limited per client address and per e-mail address written.
"""

import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Reader, SavedSearch, interface_language
from .search import FACETS
from .search.errors import SearchError
from .search.params import describe, parse_search_params
from .throttle import client_ip, client_key, over_limit, parse_rate, throttled

User = get_user_model()
CONFIRM_SALT = "legalkb.accounts.confirm"
UNSUBSCRIBE_SALT = "legalkb.accounts.unsubscribe"
MAX_SAVED_SEARCHES = 50  # per reader: bounds what an alert run does for one account
# The parameters a saved search keeps: what it finds, not how the page showed it.
SEARCH_PARAMETERS = ("q", "exact", "year_from", "year_to", *(facet.name for facet in FACETS))


def login_username(request, credentials=None):
    """The username django-axes counts wrong passwords for: as typed, without case, so that
    an e-mail address written in capitals is the same account."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()


def limited(group, value):
    """Whether value (a client, an e-mail address) is over its settings.ACCOUNT_RATES[group],
    counting this request, in the throttle's counters."""
    if not settings.THROTTLE_ENABLED:
        return False
    return over_limit(f"{group}:{value}", parse_rate(settings.ACCOUNT_RATES[group]), time.time()) is not None


def over_mail_limits(request):
    """Sign-ups and password resets: at most so many from one client address and so many
    mails to one written e-mail address."""
    address = request.POST.get("email", "").strip().lower()
    return limited("signup", client_key(client_ip(request))) or limited("mail", address)


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=150)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    password_again = forms.CharField(label=_("The password again"), strip=False, widget=forms.PasswordInput)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        elif data.get("password") and data.get("email"):
            candidate = User(username=data["email"], email=data["email"])
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


@throttled("browse")
def signup(request):
    """A new account, inactive until its address is confirmed. The answer never says whether
    the address had an account already: that reader gets a mail saying so instead."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_mail_limits(request):
            form.add_error(None, _("Too many sign-ups from your address. Please try again in an hour."))
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        email = form.cleaned_data["email"]
        with transaction.atomic():
            user = User.objects.filter(username__iexact=email).first()
            if user is None:
                user = User.objects.create_user(email, email, form.cleaned_data["password"], is_active=False)
                Reader.objects.create(user=user, language=interface_language())
        if user.is_active:
            mail(request, user, "accounts/already_email", {"reset_url": absolute(request, "password_reset")})
        else:
            token = signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRM_SALT)
            confirm_url = absolute(request, "confirm", token)
            mail(request, user, "accounts/confirm_email", {"confirm_url": confirm_url})
        return redirect("signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def absolute(request, name, *args):
    return request.build_absolute_uri(reverse(name, args=args))


def mail(request, user, template, context):
    """A mail to user from templates template_subject.txt and template.txt."""
    context = {**context, "user": user, "days": settings.CONFIRMATION_DAYS}
    subject = render_to_string(f"{template}_subject.txt", context, request).strip()
    send_mail(subject, render_to_string(f"{template}.txt", context, request), None, [user.email])


@throttled("browse")
def signup_done(request):
    return render(request, "accounts/signup_done.html", {"days": settings.CONFIRMATION_DAYS})


@throttled("browse")
def confirm(request, token):
    """The link in a sign-up's mail: the account becomes active, once."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.CONFIRMATION_DAYS * 24 * 3600)
    except signing.BadSignature:
        return render(request, "accounts/confirm.html", {"valid": False}, status=400)
    user = User.objects.filter(pk=data["user"], email=data["email"]).first()
    if user is None:
        return render(request, "accounts/confirm.html", {"valid": False}, status=400)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return render(request, "accounts/confirm.html", {"valid": True})


class ReaderLoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address")

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


login = throttled("browse")(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=ReaderLoginForm,
        redirect_authenticated_user=True,
    )
)
logout_view = throttled("browse")(auth_views.LogoutView.as_view(next_page="home"))


class ReaderPasswordResetForm(PasswordResetForm):
    """Readers only: editors' passwords are the administrators' to reset."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if not user.is_staff)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ReaderPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_email_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        if over_mail_limits(request):
            context = {"form": self.get_form(), "error": _("Too many requests. Please try again in an hour.")}
            return render(request, self.template_name, context, status=429)
        return super().post(request, *args, **kwargs)


password_reset = throttled("browse")(PasswordResetView.as_view())
password_reset_done = throttled("browse")(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = throttled("browse")(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("password_reset_complete"),
    )
)
password_reset_complete = throttled("browse")(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


class LanguageForm(forms.ModelForm):
    class Meta:
        model = Reader
        fields = ["language"]


@throttled("browse")
@login_required
def account(request):
    reader = Reader.objects.filter(user=request.user).first()
    if request.method == "POST" and reader is not None:
        form = LanguageForm(request.POST, instance=reader)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your e-mails will be in the language you chose."))
            return redirect("account")
    return render(
        request,
        "accounts/account.html",
        {
            "reader": reader,
            "language_form": LanguageForm(instance=reader) if reader else None,
            "saved_searches": request.user.saved_searches.all(),
            "frequencies": SavedSearch.Frequency.choices,
        },
    )


def saved_query(params):
    """The search parameters of params worth keeping, as a query string."""
    kept = QueryDict(mutable=True)
    for name in SEARCH_PARAMETERS:
        values = [value for value in params.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


@throttled("browse")
@login_required
@require_POST
def save_search(request):
    """Save the search (or the entry or act followed) in the form's query, with weekly e-mails
    unless another frequency is chosen; going back to the page it came from."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("account")
    query = saved_query(QueryDict(request.POST.get("query", "")))
    try:
        name = describe(parse_search_params(QueryDict(query)))
    except SearchError as error:
        messages.error(request, error.public_message())
        return redirect(back)
    frequency = request.POST.get("frequency", SavedSearch.Frequency.WEEKLY)
    if frequency not in SavedSearch.Frequency.values:
        frequency = SavedSearch.Frequency.WEEKLY
    saved = request.user.saved_searches
    if not saved.filter(query=query).exists() and saved.count() >= MAX_SAVED_SEARCHES:
        messages.error(request, _("You have saved %(count)d searches, the most an account keeps.") % {
            "count": MAX_SAVED_SEARCHES
        })
        return redirect(back)
    saved.update_or_create(query=query, defaults={"name": name[:300], "frequency": frequency})
    messages.success(request, _("Saved: «%(name)s». Your account page manages its e-mails.") % {"name": name})
    return redirect(back)


@throttled("browse")
@login_required
@require_POST
def change_search(request, pk):
    """Change how often a saved search is mailed, or forget it."""
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    if "delete" in request.POST:
        saved.delete()
        messages.success(request, _("Forgotten: «%(name)s».") % {"name": saved.name})
    elif request.POST.get("frequency") in SavedSearch.Frequency.values:
        saved.frequency = request.POST["frequency"]
        saved.save(update_fields=["frequency"])
        messages.success(request, _("«%(name)s»: %(frequency)s.") % {
            "name": saved.name, "frequency": saved.get_frequency_display()
        })
    return redirect("account")


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("This is not your password."))
        return self.cleaned_data["password"]


@throttled("browse")
@login_required
def delete_account(request):
    """Delete the reader's account with everything it saved, once the password is given."""
    if request.user.is_staff:
        return render(request, "accounts/delete.html", {"staff": True}, status=403)
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, _("Your account and everything it saved are deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


def unsubscribe_url(user, saved=None):
    """The one-click link that stops the alerts of one saved search, or all of a reader's."""
    token = signing.dumps({"user": user.pk, "search": saved.pk if saved else None}, salt=UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("unsubscribe", args=[token])


@throttled("browse")
@csrf_exempt  # the signed token is the authority, and mail programs post without a CSRF token (RFC 8058)
def unsubscribe(request, token):
    """Stop the alerts the link names, at once: a GET from the mail's link, or a POST from
    the mail program's unsubscribe button."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return render(request, "accounts/unsubscribe.html", {"valid": False}, status=400)
    searches = SavedSearch.objects.filter(user_id=data["user"])
    if data["search"] is not None:
        searches = searches.filter(pk=data["search"])
    names = list(searches.values_list("name", flat=True))
    searches.update(frequency=SavedSearch.Frequency.NEVER)
    if request.method == "POST":
        return HttpResponse(status=204)
    context = {"valid": True, "names": names, "all": data["search"] is None}
    return render(request, "accounts/unsubscribe.html", context)
