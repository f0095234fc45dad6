"""The kinds table is the one definition everything reads: it must be internally consistent."""

from disclosure.core.kinds import KINDS, ColumnType
from disclosure.reading.tables import normalize_label


def test_every_kind_names_columns_it_has():
    for kind in KINDS:
        named = [*kind.key_columns, kind.title_column, *kind.list_columns]
        named += [c for c in (kind.date_column, kind.authority_column) if c]
        assert all(kind.has(key) for key in named), kind.name


def test_no_two_columns_of_a_kind_answer_to_the_same_header():
    for kind in KINDS:
        seen = {}
        for column in kind.columns:
            for label in (column.label, *column.synonyms):
                normalized = normalize_label(label)
                assert seen.setdefault(normalized, column.key) == column.key, (kind.name, label)


def test_closed_lists_have_choices_and_identity_columns_are_required():
    for kind in KINDS:
        for column in kind.columns:
            if column.type in (ColumnType.CHOICE, ColumnType.CHOICES, ColumnType.YES_NO):
                assert column.choices, (kind.name, column.key)
            if column.key in kind.key_columns:
                assert column.required, (kind.name, column.key)


def test_personal_document_numbers_are_never_public():
    for kind in KINDS:
        for column in kind.columns:
            if column.type is ColumnType.ID_NUMBER:
                assert not column.public, (kind.name, column.key)
