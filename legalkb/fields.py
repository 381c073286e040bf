"""Model fields for what editors type. Control characters are stripped by the field itself
(to_python, which runs both in validation and in every write to the database), so every
path that saves a model — the admin, the shell, an import, a queryset update — stores clean
text; PhrasesField also caps how many phrases a list holds and how long each is.

Each field deconstructs as its Django parent: the columns are the same, so migrations see
no change.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text.normalize import strip_controls

MAX_PHRASES = 50  # aliases or short forms of one taxonomy entry
MAX_PHRASE_CHARS = 200


class ParentPathMixin:
    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        parent = type(self).__mro__[2]  # the Django field this one refines
        return name, f"django.db.models.{parent.__name__}", args, kwargs


class LineField(ParentPathMixin, models.CharField):
    """One line of text: a title, a name, a journal. Line breaks and tabs become spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return strip_controls(value, one_line=True) if isinstance(value, str) else value


class TextBlockField(ParentPathMixin, models.TextField):
    """Text of several lines: a note, a description, a passage; max_chars, if given, is checked
    by validation (a TextField's max_length is not)."""

    def __init__(self, *args, max_chars=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_chars = max_chars
        if max_chars is not None:
            self.validators.append(MaxLengthValidator(max_chars))

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": self.max_chars, **kwargs})

    def to_python(self, value):
        value = super().to_python(value)
        return strip_controls(value) if isinstance(value, str) else value


class PhrasesField(ParentPathMixin, models.JSONField):
    """A list of phrases (a taxonomy entry's aliases): at most MAX_PHRASES of at most
    MAX_PHRASE_CHARS characters each, on one line."""

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, list):
            return [strip_controls(p, one_line=True).strip() if isinstance(p, str) else p for p in value]
        return value

    def get_prep_value(self, value):
        return super().get_prep_value(self.to_python(value))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or not all(isinstance(phrase, str) for phrase in value):
            raise ValidationError(_('Write a list of phrases in quotes: ["…", "…"].'), code="invalid")
        if len(value) > MAX_PHRASES:
            raise ValidationError(
                _("At most %(max)d phrases, not %(count)d."), params={"max": MAX_PHRASES, "count": len(value)}
            )
        too_long = next((phrase for phrase in value if len(phrase) > MAX_PHRASE_CHARS), None)
        if too_long is not None:
            raise ValidationError(
                _("A phrase has at most %(max)d characters: «%(phrase)s…» has %(count)d."),
                params={"max": MAX_PHRASE_CHARS, "phrase": too_long[:40], "count": len(too_long)},
            )
