"""Raw rows → typed records and the problems that held rows back.

Each cell is read by its column's type from the kind table. A row with an error is held
back (it becomes problems, not a record); a row with only warnings becomes a record and
its warnings are reported. One bad row never blocks the good ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from disclosure.core.identifiers import Validity, check_resident_id, normalize_identifier
from disclosure.core.kinds import KINDS_BY_NAME, Column, SheetKind
from disclosure.core.problems import Problem, Severity, details
from disclosure.core.values import ParseFailure, cell_text
from disclosure.reading.tables import HeaderCell, RawRow, Table, rows
from disclosure.reading.workbooks import UncalculatedFormula

RESIDENT_ID_TYPES = ("", "身份证", "居民身份证", "居民身份证号码")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a table's records came from: enough for a problem to name the exact cell."""

    agency: str
    file: str
    sheet: str
    letters: dict[str, str]  # column key → column letter
    headers: dict[str, str]  # column key → its header as the clerk wrote it (罚款金额（元）: the unit is the clerk's)

    def cell(self, column_key: str, row: int) -> str:
        return f"{self.letters[column_key]}{row}" if column_key in self.letters else f"第{row}行"


@dataclass(slots=True, eq=False)
class Record:
    kind: SheetKind
    values: dict[str, object]  # column key → typed value; blank cells absent
    key: str  # normalised stable key within the agency and kind
    origin: Origin
    row: int
    content_hash: str

    @property
    def agency(self) -> str:
        return self.origin.agency

    def get(self, column_key: str, default: object = None) -> object:
        return self.values.get(column_key, default)

    def cell(self, column_key: str) -> str:
        return self.origin.cell(column_key, self.row)

    @property
    def label(self) -> str:
        return record_label(self.kind, self.values, self.row)

    def __reduce__(self):
        # Kinds are module constants: a cached record must point at the same kind object.
        return (_rebuild_record, (self.kind.name, self.values, self.key, self.origin, self.row, self.content_hash))


def _rebuild_record(kind_name, values, key, origin, row, content_hash) -> Record:
    return Record(KINDS_BY_NAME[kind_name], values, key, origin, row, content_hash)


class BadCell(Exception):
    """A cell the clerk should look at: its failure says why (and, with a warning, what is published)."""

    def __init__(self, failure: ParseFailure):
        super().__init__(failure.code)
        self.failure = failure


def type_table(table: Table) -> tuple[list[Record], list[Problem]]:
    source = table.grid.source
    origin = Origin(source.agency, source.relative_path, table.grid.name,
                    {cell.column.key: cell.letter for cell in table.header},
                    {cell.column.key: cell.written for cell in table.header})
    problems = _missing_columns(table)
    if problems:
        return [], problems
    records = []
    for raw in rows(table):
        if raw.summary:
            problems.append(_summary_problem(table, origin, raw))
            continue
        record, row_problems = _type_row(table, origin, raw)
        problems.extend(row_problems)
        if record is not None:
            records.append(record)
    return records, problems


def _missing_columns(table: Table) -> list[Problem]:
    present = {cell.column.key for cell in table.header}
    missing = [c.label for c in table.kind.columns if c.required and c.key not in present]
    if not missing:
        return []
    held = sum(not raw.summary for raw in rows(table))
    return [Problem(
        "missing-columns", agency=table.grid.source.agency, file=table.grid.source.relative_path,
        sheet=table.grid.name, cell=f"第{table.header_row}行",
        details=details(columns=tuple(missing), header_row=table.header_row, rows=held))]


def _summary_problem(table: Table, origin: Origin, raw: RawRow) -> Problem:
    keys = tuple(table.kind.column(key).label for key in table.kind.key_columns)
    return Problem("summary-row-skipped", agency=origin.agency, file=origin.file, sheet=origin.sheet,
                   cell=f"第{raw.number}行", value=raw.summary, details=details(keys=keys))


def _type_row(table: Table, origin: Origin, raw: RawRow) -> tuple[Record | None, list[Problem]]:
    values: dict[str, object] = {}
    problems = [_cell_problem(origin, raw.number, table.header[index], raw.cells[index],
                              ParseFailure("invisible-characters-removed")) for index in raw.cleaned]
    for header_cell, raw_value in zip(table.header, raw.cells):
        column = header_cell.column
        try:
            value = parse_cell(column, raw_value, header_cell.written)
        except BadCell as bad:
            problems.append(_cell_problem(origin, raw.number, header_cell, raw_value, bad.failure))
            if bad.failure.severity is Severity.ERROR:
                continue
            value = bad.failure.value
        if value is None and column.default:
            value = column.default
        if value is not None:
            values[column.key] = value
    problems.extend(_row_checks(table, origin, raw, values))
    if problems:
        problems = _naming_the_record(table, raw, values, problems)
    if any(problem.severity is Severity.ERROR for problem in problems):
        return None, problems
    return Record(table.kind, values, record_key(table.kind, values), origin, raw.number,
                  content_hash(values)), problems


def _naming_the_record(table: Table, raw: RawRow, values: dict[str, object], problems: list[Problem]) -> list[Problem]:
    """A row's problems name its record as the clerk wrote it, even when cells of the row (its key's, too) failed;
    and its key, when the key cells were understood, so a problem about the record elsewhere can find this row."""
    kind = table.kind
    written, key_header = {}, ""
    for cell, value in zip(table.header, raw.cells):
        key = cell.column.key
        if key in (*kind.key_columns, kind.title_column):
            # A cell that failed is quoted as typed; one understood, as its value is written everywhere else.
            written[key] = _key_text(kind, key, values[key]) if key in values else " ".join(cell_text(value).split())
        if key == kind.key_columns[0]:
            key_header = cell.written
    understood = bool(written.get(kind.key_columns[0])) and all(k in values or not written.get(k) for k in kind.key_columns)
    key = record_key(kind, values) if understood else ""
    label = _label(kind, written, raw.number, key_header)
    return [replace(problem, record=key, record_label=label, kind=kind.name) for problem in problems]


def _row_checks(table: Table, origin: Origin, raw: RawRow, values: dict[str, object]) -> list[Problem]:
    problems = []
    by_key = {cell.column.key: (cell, value) for cell, value in zip(table.header, raw.cells)}
    for column in table.kind.columns:
        if column.required and column.key not in values and column.key in by_key:
            cell, value = by_key[column.key]
            if not cell_text(value).strip():
                problems.append(_cell_problem(origin, raw.number, cell, value, ParseFailure(
                    "required-cell-blank", details(label=column.label, example=column.example))))
    for number_key, type_key in (("id_number", "id_type"), ("legal_representative_id_number", "legal_representative_id_type")):
        if number_key in values and str(values.get(type_key, "")) in RESIDENT_ID_TYPES:
            cell, value = by_key[number_key]
            failure = _resident_id_failure(str(values[number_key]))
            if failure:
                problems.append(_cell_problem(origin, raw.number, cell, value, failure))
    return problems


def _resident_id_failure(number: str) -> ParseFailure | None:
    validity = check_resident_id(number)
    if validity is Validity.MALFORMED:
        return ParseFailure("invalid-resident-id")
    if validity is Validity.BAD_CHECKSUM:
        return ParseFailure("resident-id-check-digit")
    return None


def _cell_problem(origin: Origin, row: int, cell: HeaderCell, raw_value: object, failure: ParseFailure) -> Problem:
    return Problem(failure.code, agency=origin.agency, file=origin.file, sheet=origin.sheet,
                   cell=f"{cell.letter}{row}", column=cell.written, value=cell_text(raw_value), details=failure.details)


def record_key(kind: SheetKind, values: dict[str, object]) -> str:
    return "|".join(normalize_identifier(_key_text(kind, key, values.get(key))) for key in kind.key_columns)


def _key_text(kind: SheetKind, key: str, value: object) -> str:
    return "" if value is None else kind.column(key).value_type.text(value)


def record_label(kind: SheetKind, values: dict[str, object], row: int) -> str:
    """A record as the clerk calls it, from its typed values (see _label)."""
    return _label(kind, {key: _key_text(kind, key, values.get(key)) for key in (*kind.key_columns, kind.title_column)},
                  row)


def _label(kind: SheetKind, written: dict[str, str], row: int, key_header: str = "") -> str:
    """Its key cells as written (a 文书号 keeps its 〔〕), after its name when the kind is called by a name that is not
    its key (an officer, an item); where the key is blank, the row and the key's header: "第7行（文书号未填）"."""
    keys = " / ".join(written[key] for key in kind.key_columns if written.get(key))
    title = "" if kind.title_column in kind.key_columns else written.get(kind.title_column, "")
    if not written.get(kind.key_columns[0]):
        blank = f"{key_header or kind.column(kind.key_columns[0]).label}未填"
        return f"{title}（第{row}行，{blank}）" if title else f"第{row}行（{blank}）"
    return f"{title}（{keys}）" if title else keys


def content_hash(values: dict[str, object]) -> str:
    return hashlib.blake2b(repr(sorted(values.items())).encode(), digest_size=16).hexdigest()


def parse_cell(column: Column, value: object, written_header: str) -> object:
    """A cell's typed value, None when blank; raises BadCell when the cell cannot be understood."""
    if value is None or value == "" or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, UncalculatedFormula):
        raise BadCell(ParseFailure("uncalculated-formula"))
    parsed = column.value_type.parse(value, column, written_header)
    if isinstance(parsed, ParseFailure):
        raise BadCell(parsed)
    return parsed


# ---- checks across files of one agency -------------------------------------------------------

def check_across_files(records: list[Record]) -> tuple[list[Record], list[Problem]]:
    """Hold back a record whose key repeats one already seen in its agency (first one wins)."""
    first_seen: dict[tuple[str, str, str], Record] = {}
    kept, problems = [], []
    for record in records:
        identity = (record.agency, record.kind.name, record.key)
        earlier = first_seen.get(identity)
        if earlier is None:
            first_seen[identity] = record
            kept.append(record)
            continue
        key_column = record.kind.key_columns[0]
        label = record.kind.column(key_column).label
        problems.append(Problem(
            "duplicate-record", agency=record.agency, file=record.origin.file, sheet=record.origin.sheet,
            cell=record.cell(key_column), column=label, value=_key_text(record.kind, key_column, record.get(key_column)),
            record=record.key, record_label=record.label, kind=record.kind.name,
            details=details(earlier_file=earlier.origin.file, earlier_sheet=earlier.origin.sheet, earlier_row=earlier.row)))
    return kept, problems
