"""What can go wrong in a search, for any engine: each error carries its HTTP status, a
message for readers in their language and its details; what an operator must do is kept
apart. The views answer it (legalkb.views.error_response)."""

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _


class SearchError(Exception):
    """message is a translatable text with %(name)s placeholders filled from params."""

    status = 500
    default_message = _("The search failed. Please try again later.")

    def __init__(self, message: str | None = None, **params: object) -> None:
        self.message = message or self.default_message
        self.params = params
        super().__init__(self.public_message())

    def public_message(self) -> str:
        """The message in the active language."""
        return str(self.message) % self.params if self.params else str(self.message)

    def details(self) -> dict[str, object]:
        """Extra fields for the JSON answer."""
        return {}


class BadSearchParameter(SearchError):
    """A URL parameter of a search that cannot be read (400)."""
    status = 400


class UnknownFacetValue(BadSearchParameter):
    """A facet filter naming a value that does not exist; details list the ones that do."""

    def __init__(self, name: str, value: str, choices: Sequence[str]) -> None:
        self.name, self.value, self.choices = name, value, choices
        if not choices:
            super().__init__(
                _("There is no %(name)s «%(value)s»: there are none to choose from yet."),
                name=name,
                value=value[:40],
            )
            return
        super().__init__(
            _("There is no %(name)s «%(value)s». Choose one of: %(choices)s."),
            name=name,
            value=value[:40],
            choices=", ".join(choices[:20]) + (" …" if len(choices) > 20 else ""),
        )

    def details(self) -> dict[str, object]:
        return {"parameter": self.name, "choices": self.choices}


class PageOutOfRange(SearchError):
    """A page past the last one (404)."""

    status = 404

    def __init__(self, page: int, last: int) -> None:
        self.page, self.last = page, last
        super().__init__(_("Page %(page)d is past the last page, %(last)d."), page=page, last=last)


class IndexUnavailable(SearchError):
    """The index is missing, unreadable or built for another version: readers are told to
    come back, the log says what to run."""

    status = 503
    default_message = _(
        "Search is unavailable for a moment. Browsing the knowledge base still works; "
        "please try searching again later."
    )

    def __init__(self, operator_hint: str) -> None:
        self.operator_hint = operator_hint
        super().__init__()
