from __future__ import annotations

from django import forms

ACCEPTED = ".xlsx,.xlsm,.xls,.csv"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's own way to take several files in one field (its documentation's recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="选择要报送的文件", error_messages={"required": "请先选择要上传的文件（可一次选多个）。",
                                                 "empty": "选择的文件是空的（0 字节）：请检查后重新选择。"},
        help_text="可一次选择多个 Excel（.xlsx、.xls）或 CSV 文件。与现有文件同名的，检查时代替现有文件。")
