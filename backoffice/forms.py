from django import forms

from .models import StaffPreference


class StaffPreferenceForm(forms.ModelForm):
    class Meta:
        model = StaffPreference
        fields = ["admin_language"]
        widgets = {"admin_language": forms.RadioSelect}
