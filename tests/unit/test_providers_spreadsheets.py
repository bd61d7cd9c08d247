"""Provider lists from spreadsheets (.xlsx, .ods), written with the words the app shows.

The workbooks are written here with openpyxl and odfpy, as Excel, LibreOffice and Google Sheets
save them: numbers as numbers, TRUE/FALSE as booleans, dates as dates, repeated empty cells.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest

from dnkit.cli import main
from dnkit.providers import (
    SETTING_LABELS,
    Answer,
    Provider,
    read_providers,
    template_csv,
)
from dnkit.regulation import PROFESSIONS

DATA = Path(__file__).parents[1] / "data" / "providers"
HEADER = ["name", "profession", "setting", "sterile_single_use_needles", "techniques",
          "dn_hours_total", "price_per_session", "first_visit_fee", "packages",
          "registry_updated"]  # fmt: skip
ROWS = [
    # The navigator's list, in the app's own words.
    ["Alpha Physio (fictional)", "Physical therapist (PT)", "Physical therapy clinic", "Yes",
     "Deep, Electrical", 60, 80, 100, "6:420", datetime.date(2026, 3, 1)],
    ["Beta Chiro (fictional)", "Chiropractor", "Chiropractic office", "Not sure",
     "superficial", 27.5, "60-90", None, None, None],
    ["Gamma Clinic (fictional)", "Wizard", "Pain clinic", True, None, None, None, None, None,
     None],
    ["Delta Sports (fictional)", "ATC", "Sports medicine", False, "pistoning; other", 40, 75,
     None, datetime.time(13, 0), None],
]  # fmt: skip


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for title, rows in sheets.items():
        table = Table(name=title)
        for row in rows:
            tr = TableRow()
            for value in row:
                if value is None:
                    cell = TableCell()
                elif isinstance(value, bool):
                    cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value)
                elif isinstance(value, datetime.time):
                    cell = TableCell(valuetype="time", timevalue=f"PT{value.hour}H{value.minute}M")
                elif isinstance(value, datetime.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value) if value is not None else ""))
                tr.addElement(cell)
            # As LibreOffice saves a sheet: the empty rest of the row, repeated.
            tr.addElement(TableCell(numbercolumnsrepeated=1000))
            table.addElement(tr)
        table.addElement(TableRow(numberrowsrepeated=1_000_000))
        doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


MAKERS = {"xlsx": xlsx_bytes, "ods": ods_bytes}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_a_spreadsheet_in_the_apps_words_loads_row_by_row(kind):
    raw = MAKERS[kind]({"Providers": [HEADER, *ROWS]})
    result = read_providers(raw, f"list.{kind}")
    names = [p.name for p in result.providers]
    assert names == ["Alpha Physio (fictional)", "Beta Chiro (fictional)"]
    alpha, beta = result.providers
    assert (alpha.profession, alpha.setting, alpha.sterile_single_use_needles) == (
        "PT", "outpatient_pt", Answer.YES,
    )  # fmt: skip
    assert alpha.techniques == ("deep", "electrical")
    assert alpha.dn_hours_total == 60 and alpha.price_per_session.typical == 80
    assert alpha.first_visit_fee == 100 and alpha.packages[0].price == 420
    assert alpha.registry_updated == "2026-03-01"
    assert beta.profession == "DC" and beta.setting == "chiropractic"
    assert beta.sterile_single_use_needles is Answer.UNKNOWN  # "Not sure"
    assert beta.dn_hours_total == 27.5
    assert beta.price_per_session.low == 60 and beta.price_per_session.high == 90
    # Skipped rows are named with their row and column, as for CSV.
    problems = [(p.row, p.column) for p in result.problems]
    assert problems == [(3, "profession"), (4, "packages")]
    assert "'Wizard' is not a profession" in result.problems[0].message
    assert "holds a date or time" in result.problems[1].message
    assert "Format the column as text" in result.problems[1].message
    assert str(result.problems[0]).startswith(f"list.{kind}, row 3, column profession: ")


@pytest.mark.parametrize("kind", list(MAKERS))
def test_the_first_sheet_or_a_named_one(kind):
    other = [HEADER[:2], ["Other Sheet Clinic (fictional)", "MD"]]
    raw = MAKERS[kind]({"Notes": other, "Providers": [HEADER, *ROWS[:2]]})
    first = read_providers(raw, f"book.{kind}")
    assert [p.name for p in first.providers] == ["Other Sheet Clinic (fictional)"]
    named = read_providers(raw, f"book.{kind}", sheet="providers")  # any letter case
    assert len(named.providers) == 2 and named.problems == []
    missing = read_providers(raw, f"book.{kind}", sheet="Clinics")
    assert missing.providers == []
    assert [str(p) for p in missing.problems] == [
        f"book.{kind}: has no sheet named 'Clinics'; its sheets are 'Notes', 'Providers'"
    ]
    # With several sheets, a problem says which sheet it is on.
    bad = MAKERS[kind]({"A": [HEADER[:2]], "B": [HEADER[:2], ["X (fictional)", "Wizard"]]})
    (problem,) = read_providers(bad, f"b.{kind}", sheet="B").problems
    assert str(problem).startswith(f"b.{kind}, sheet 'B', row 1, column profession:")


def test_a_spreadsheet_without_a_name_is_known_by_its_content(tmp_path):
    raw = xlsx_bytes({"S": [HEADER[:2], ["Alpha (fictional)", "PT"]]})
    assert [p.name for p in read_providers(raw).providers] == ["Alpha (fictional)"]
    raw = ods_bytes({"S": [HEADER[:2], ["Alpha (fictional)", "PT"]]})
    path = tmp_path / "list.ods"
    path.write_bytes(raw)
    assert [p.name for p in read_providers(path).providers] == ["Alpha (fictional)"]


def test_damaged_renamed_and_oversized_spreadsheets_get_clear_messages(tmp_path):
    fake = read_providers((DATA / "binary.xlsx").read_bytes(), "binary.xlsx")
    assert fake.providers == [] and len(fake.problems) == 1
    assert "is not a readable Excel workbook (.xlsx)" in fake.problems[0].message
    # A real workbook saved with a .csv name keeps the old, clear refusal.
    raw = xlsx_bytes({"S": [HEADER[:2], ["Alpha (fictional)", "PT"]]})
    renamed = read_providers(raw, "list.csv")
    assert renamed.providers == []
    assert "looks like an Excel workbook" in renamed.problems[0].message
    assert "Save the spreadsheet as CSV" in renamed.problems[0].message
    # A Word file (a zip too) named .xlsx; an .ods that is really an .xlsx.
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    for data, name, fragment in (
        (docx.getvalue(), "list.xlsx", "is not a readable Excel workbook"),
        (raw, "list.ods", "is not a readable OpenDocument spreadsheet"),
    ):
        result = read_providers(data, name)
        assert result.providers == [] and fragment in result.problems[0].message
    # A small file that would unpack to far more than a list of providers (a zip bomb).
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<" + b" " * 60_000_000 + b"/>")
    result = read_providers(bomb.getvalue(), "bomb.xlsx")
    assert result.providers == []
    assert "would unpack to 60 MB" in result.problems[0].message


def test_a_sheet_name_on_a_csv_file_is_named_not_silently_dropped():
    result = read_providers(b"name,profession\nAlpha (fictional),PT\n", "a.csv", sheet="Main")
    assert len(result.providers) == 1
    assert [p.message for p in result.problems] == [
        "is not a spreadsheet, so the sheet 'Main' was ignored"
    ]


# ----------------------------------------------------------------------------- the app's words


def test_every_label_the_app_shows_reads_back_as_its_code():
    from dnkit.ui.provider_form import ANSWER_OPTIONS
    from dnkit.ui.provider_form import SETTING_LABELS as FORM_SETTINGS

    for code, name in PROFESSIONS.items():
        for label in (f"{name.capitalize()} ({code})", name, code.upper(), code.lower()):
            assert Provider(name="X", profession=label).profession == code, label
    for code, label in [*SETTING_LABELS.items(), *FORM_SETTINGS.items()]:
        for text in (label, label.upper(), code):
            assert Provider(name="X", profession="PT", setting=text).setting == code, text
    for label, code in ANSWER_OPTIONS:
        assert Provider(name="X", profession="PT", in_network=label).in_network.value == code
        assert Answer.parse(label.upper()).value == code


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("setting", "Not sure", None),
        ("setting", "PT clinic", "outpatient_pt"),
        ("setting", "pain management", "pain_management"),
        ("setting", "chiropractor", "chiropractic"),
        ("profession", "Someone else", "other"),
        ("profession", "Doctor of osteopathic medicine (DO)", "DO"),
        ("techniques", "Deep, Electrical", ("deep", "electrical")),
        ("techniques", "deep dry needling / e-stim", ("deep", "electrical")),
        ("techniques", "Shallow;\nPistoning", ("superficial", "pistoning")),
        ("written_consent", "don't know", Answer.UNKNOWN),
        ("written_consent", "Not_Sure", Answer.UNKNOWN),
    ],
)
def test_common_synonyms_are_read(field, text, expected):
    fields = {"profession": "PT", field: text}
    assert getattr(Provider(name="X", **fields), field) == expected


def test_a_list_written_with_the_apps_labels_loads_in_full_as_csv():
    text = (
        "name,profession,setting,techniques,sterile_single_use_needles,in_network\n"
        'Alpha (fictional),Physical therapist (PT),Physical therapy clinic,"Deep, Pistoning",'
        "Yes,Not sure\n"
        "Beta (fictional),Chiropractor (DC),Chiropractic office,Superficial,No,Yes\n"
        "Gamma (fictional),Someone else,Not sure,,Not sure,No\n"
    )
    result = read_providers(text, "navigator.csv")
    assert result.problems == []
    assert [p.profession for p in result.providers] == ["PT", "DC", "other"]


# ----------------------------------------------------------------------------- the template


def test_the_template_has_a_worked_example_and_allowed_values_the_reader_skips():
    text = template_csv()
    assert text.splitlines()[0] == ",".join(Provider.model_fields)
    result = read_providers(text, "template.csv")
    assert result.providers == []
    assert [p.message for p in result.problems] == ["has a header but no provider rows under it"]
    notes = [line for line in text.splitlines()[1:] if line.strip()]
    assert all(line.lstrip('"').startswith("#") for line in notes)
    # The worked example is a real row: without its "#" it loads cleanly.
    example = next(line for line in notes if "Example" in line)
    filled = read_providers(text.splitlines()[0] + "\n" + example.replace("# ", "", 1), "t.csv")
    assert filled.problems == [] and len(filled.providers) == 1
    # The allowed values name every code the reader knows.
    for code in (*PROFESSIONS, *SETTING_LABELS, "deep", "superficial", "pistoning", "electrical"):
        assert code in text, code
    for label in SETTING_LABELS.values():
        assert label in text, label


def test_compare_reads_a_named_sheet_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx_bytes({"Notes": [["nothing here"]], "Providers": [HEADER, *ROWS[:2]]}))
    code = main(["compare", str(path), "--state", "CO", "--sheet", "Providers", "--format",
                 "json", "--keep-unconfirmed"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Alpha Physio (fictional)" in out and "Beta Chiro (fictional)" in out
