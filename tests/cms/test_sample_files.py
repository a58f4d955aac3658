"""The sample upload files are real files, made without libraries the project does not declare."""

import ast
import io
import re
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

from pypdf import PdfReader

from tests.cms import sample_files
from tests.cms.sample_files import XLSX_MAIN_TYPE, pdf_bytes, xlsx_bytes

BASE_DIR = Path(__file__).resolve().parents[2]
FIRST_PARTY = {"cms", "config", "courses", "sessions_live", "tests"}


def declared_distributions() -> set[str]:
    """Every distribution pyproject.toml names: dependencies and all extras, normalised."""
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    requirements = [
        *project["dependencies"],
        *(req for extra in project["optional-dependencies"].values() for req in extra),
    ]
    return {normalised(re.split(r"[\s<>=!~;\[]", req, maxsplit=1)[0]) for req in requirements}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(path: Path) -> set[str]:
    """The top-level names a module imports (absolute imports only)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_sample_files_need_only_the_standard_library_and_declared_dependencies():
    declared = declared_distributions()
    providers = packages_distributions()
    undeclared = {
        name
        for name in imported_modules(Path(sample_files.__file__))
        if name not in sys.stdlib_module_names
        and name not in FIRST_PARTY
        and not {normalised(dist) for dist in providers.get(name, [])} & declared
    }
    assert undeclared == set()


def test_the_sample_pdf_is_a_well_formed_pdf_with_its_text():
    # strict=True: a wrong byte offset in the cross-reference table is an error, not a repair.
    reader = PdfReader(io.BytesIO(pdf_bytes("Helen's story (large print)")), strict=True)
    assert len(reader.pages) == 1
    assert reader.pages[0].extract_text() == "Helen's story (large print)"
    assert pdf_bytes("First") != pdf_bytes("Second")


def test_the_sample_spreadsheet_has_the_parts_excel_needs():
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as package:
        assert package.testzip() is None
        names = set(package.namelist())
        content_types = package.read("[Content_Types].xml").decode()
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert {
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml",
    } <= names
    assert f'PartName="/xl/workbook.xml" ContentType="{XLSX_MAIN_TYPE}"' in content_types
    assert "<t>Sam</t>" in sheet
    assert "<v>4</v>" in sheet
