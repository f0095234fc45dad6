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


class SubmitForm(forms.Form):
    note = forms.CharField(label="报送说明（可不填）", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="例如这次改了什么、为什么，审核人会看到。")


class ApproveForm(forms.Form):
    comment = forms.CharField(label="审核意见（可不填）", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回理由（必填）", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "退回时请写明理由，让填报人知道要改什么。"},
                             help_text="填报人会在这次上传的检查结果页看到。")
