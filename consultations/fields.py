"""Form fields and layout pieces of the consultation form."""

import uuid

from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.template.loader import render_to_string

from hospital.forms import TranslatedModelChoiceField

OTHER = "other"


class _WithOtherIterator(ModelChoiceIterator):
    def __iter__(self):
        yield from super().__iter__()
        yield (OTHER, self.field.other_label)

    def __len__(self):
        return super().__len__() + 1


class ModelChoiceWithOtherField(TranslatedModelChoiceField):
    """A translated model choice with a last option "other", which cleans to `OTHER`."""

    iterator = _WithOtherIterator

    def __init__(self, *args, other_label, **kwargs):
        self.other_label = other_label
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return OTHER if value == OTHER else super().to_python(value)


class FormTokenField(forms.UUIDField):
    """The hidden token that makes a second submission of the same form (double click) harmless.

    A page shown again after a missing or damaged token carries a fresh one (the field's initial
    value), so that it can be sent; the submitted data itself is left as it came.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(initial=uuid.uuid4, **kwargs)

    def bound_data(self, data, initial):
        try:
            return data if self.to_python(data) else initial
        except ValidationError:
            return initial


class Include:
    """Crispy layout object: a template rendered with the form's context (markup stays in templates)."""

    def __init__(self, template_name):
        self.template_name = template_name

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(self.template_name, context.flatten())
