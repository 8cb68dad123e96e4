"""The layers run one way: each app imports only the apps below it (docs/design.md, "The apps")."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_APPLICATION_CODE = {"tests", "fixtures", "bench"}

CORE = {"core"}
# The domain apps, lowest first: each models what the ones below it refer to.
DOMAIN = ["sources", "members", "workinggroups", "meetings"]

# What each app may import besides itself, Django and libraries. This is the architecture.
ALLOWED = {
    # Shared conventions: partial dates, links, API conventions, widgets, admin forms.
    "core": set(),
    # Provenance, then the domain, each app over the ones before it.
    **{app: CORE | set(DOMAIN[:index]) for index, app in enumerate(DOMAIN)},
    # Features over the whole domain; none of them imports another, and no domain app imports them.
    "knowledge": CORE | set(DOMAIN),
    "search": CORE | set(DOMAIN),
    "exports": CORE | set(DOMAIN),
    "portal": CORE | set(DOMAIN),
    "changes": CORE | set(DOMAIN),
    # The project: settings, URLs and the API's routes collect every app; no app imports it.
    "baliportal": CORE | set(DOMAIN) | {"knowledge", "search", "exports", "portal", "changes"},
}

# Imports a rule above does not allow, each with the reason it stays.
EXCEPTIONS = {
    # The directory's and the API's participant filter selects by body and role, which are
    # memberships (workinggroups); the participants resource sits in members with its model.
    ("members.filters", "workinggroups"): "participants filtered by their memberships",
}


def application_modules():
    """(app, dotted module name, path) of every module of application code, migrations aside."""
    packages = sorted(init.parent for init in ROOT.glob("*/__init__.py"))
    for package in packages:
        if package.name in NOT_APPLICATION_CODE:
            continue
        for path in sorted(package.rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield package.name, ".".join(relative.with_suffix("").parts), path


def project_imports(path: Path, project_apps: set[str]) -> set[str]:
    """The project's apps a module imports, anywhere in it (functions too); strings do not count."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue  # relative imports stay inside their own package
        found.update(name.split(".")[0] for name in names)
    return found & project_apps


def test_layers_every_app_has_a_place():
    apps = {app for app, _module, _path in application_modules()}
    assert apps == set(ALLOWED)


def test_layers_imports_run_one_way():
    wrong = []
    used_exceptions = set()
    for app, module, path in application_modules():
        for imported in sorted(project_imports(path, set(ALLOWED)) - {app} - ALLOWED[app]):
            if (module, imported) in EXCEPTIONS:
                used_exceptions.add((module, imported))
            else:
                wrong.append(f"{module} imports {imported}")
    assert wrong == []
    # An exception no longer needed is removed, so that the list says what is true.
    assert used_exceptions == set(EXCEPTIONS)


def test_layers_core_imports_no_app():
    imported = {
        module: project_imports(path, set(ALLOWED) - {"core"})
        for app, module, path in application_modules()
        if app == "core"
    }
    assert "core.api" in imported
    assert {module: apps for module, apps in imported.items() if apps} == {}
