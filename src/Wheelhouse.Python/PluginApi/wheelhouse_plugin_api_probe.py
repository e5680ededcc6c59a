"""Wheelhouse's plugin-API probe: what pytest sees of the installed plugins, as JSON.

Loaded into pytest with ``-p wheelhouse_plugin_api_probe`` (this file's folder on PYTHONPATH). After collection it
writes every fixture, marker, ini option, command-line option and hookspec pytest knows, plus the pytest11 entry
points of the distribution named in WHEELHOUSE_PLUGIN_API_DISTRIBUTION, to the file named in
WHEELHOUSE_PLUGIN_API_OUTPUT (schema 1, docs/plugin-api-schema.md). The build runs it twice, with the distribution's
entry points and with ``-p no:<name>`` for each, and keeps the difference.

Run as a script (``python wheelhouse_plugin_api_probe.py entry-points DISTRIBUTION``) it loads each pytest11 entry
point of the distribution outside pytest and prints which ones fail to import: the diagnosis when pytest cannot start.

pytest 7.0 to 9 keep some of this in private attributes that moved between versions. Each is read through getattr
with a fallback; what no fallback can read is named in "unreadable" rather than reported as absent.
"""

import json
import math
import os
import re
import sys
import traceback

OUTPUT_VARIABLE = "WHEELHOUSE_PLUGIN_API_OUTPUT"
DISTRIBUTION_VARIABLE = "WHEELHOUSE_PLUGIN_API_DISTRIBUTION"
SCHEMA = 1

# Object reprs carry memory addresses that differ per run; without them two runs give identical text.
_ADDRESS = re.compile(r" at 0x[0-9A-Fa-f]+")

_state = {"parser": None, "written": False}


# ---------------------------------------------------------------------------------------------------------------
# Values


def _repr(value):
    try:
        text = repr(value)
    except Exception as error:  # a broken __repr__ must not stop the probe
        text = "<%s whose repr failed: %s>" % (type(value).__name__, error)
    return _ADDRESS.sub("", text)


def _value(value):
    """The JSON form of a Python value when it has an exact one, else {"repr": ...}.

    Exact means the JSON reads back as the same Python value: None, bool, int, finite float, str, and lists of
    values (each element judged alone). Tuples, dicts, paths and other objects are given by their repr.
    """
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float and math.isfinite(value):
        return value
    if kind is list:
        return [_value(item) for item in value]
    return {"repr": _repr(value)}


def _callable_name(function):
    if function is None:
        return None
    if isinstance(function, str):
        return function
    module = getattr(function, "__module__", None)
    name = getattr(function, "__qualname__", None) or getattr(function, "__name__", None) or _repr(function)
    if module in (None, "builtins"):
        return name
    return "%s.%s" % (module, name)


# ---------------------------------------------------------------------------------------------------------------
# The distribution and its entry points


def _metadata():
    try:
        import importlib.metadata as metadata
    except ImportError:  # Python 3.7, where pytest 7 depends on the backport
        import importlib_metadata as metadata
    return metadata


def _normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _find_distribution(name):
    """The first distribution on sys.path with this name (PEP 503 normalized), as pluggy's loader would meet it."""
    wanted = _normalize(name)
    for distribution in _metadata().distributions():
        try:
            found = distribution.metadata["Name"]
        except Exception:
            continue
        if found and _normalize(found) == wanted:
            return distribution
    return None


def _pytest11(distribution):
    entry_points = [ep for ep in (distribution.entry_points or []) if ep.group == "pytest11"]
    return sorted(entry_points, key=lambda ep: ep.name)


def _split_value(value):
    """'pkg.module:attr [extra]' -> ('pkg.module', 'attr')."""
    target = value.split("[", 1)[0].strip()
    module, _, attribute = target.partition(":")
    return module.strip(), (attribute.strip() or None)


def _distribution_header(distribution):
    requires_python = None
    try:
        requires_python = distribution.metadata.get("Requires-Python")
    except Exception:
        pass
    return {
        "distribution": distribution.metadata["Name"],
        "version": distribution.version,
        "requires_python": requires_python or None,
    }


def _dist_name_of(dist_facade):
    for attribute in ("project_name", "name"):
        name = getattr(dist_facade, attribute, None)
        if isinstance(name, str) and name:
            return name
    try:
        return dist_facade.metadata["Name"]
    except Exception:
        return None


def _entry_points(config, distribution, unreadable):
    manager = config.pluginmanager
    wanted = _normalize(distribution.metadata["Name"])
    loaded_from = {}  # id(plugin) -> distribution name, for plugins pluggy loaded from entry points
    try:
        for plugin, facade in manager.list_plugin_distinfo():
            loaded_from[id(plugin)] = _dist_name_of(facade)
    except Exception as error:
        unreadable.append("entry points: pluginmanager.list_plugin_distinfo() failed (%s)" % error)
    result = []
    for ep in _pytest11(distribution):
        module, attribute = _split_value(ep.value)
        plugin = manager.get_plugin(ep.name)
        loaded, problem = False, None
        if plugin is None:
            problem = "blocked (-p no:%s)" % ep.name if manager.is_blocked(ep.name) else "pytest did not register it"
        else:
            owner = loaded_from.get(id(plugin))
            if owner is not None and _normalize(owner) != wanted:
                problem = "the plugin name '%s' is taken by %s, which pytest loaded first" % (ep.name, owner)
            elif owner is None and getattr(plugin, "__name__", None) != module:
                problem = "the plugin name '%s' is taken by %s" % (ep.name, getattr(plugin, "__name__", _repr(plugin)))
            else:
                loaded = True
        result.append({"name": ep.name, "module": module, "attribute": attribute, "loaded": loaded, "load_error": problem})
    return result


# ---------------------------------------------------------------------------------------------------------------
# Fixtures


def _fixture_scope(definition):
    scope = getattr(definition, "scope", None)  # a property returning the name since pytest 7.0
    if isinstance(scope, str):
        return scope
    value = getattr(getattr(definition, "_scope", None), "value", None)  # the Scope enum behind it
    return value if isinstance(value, str) else None


def _marker_of(definition):
    """The @pytest.fixture marker of the decorated object in the defining module (a fallback for autouse)."""
    function = getattr(definition, "func", None)
    owner = getattr(function, "__self__", None)  # a fixture defined in a plugin class: a bound method
    if owner is not None:
        decorated = getattr(type(owner), getattr(function, "__name__", ""), None)
    else:
        decorated = sys.modules.get(getattr(function, "__module__", None) or "")
        for part in (getattr(function, "__qualname__", None) or "").split("."):
            decorated = getattr(decorated, part, None)
    for attribute in ("_fixture_function_marker", "_pytestfixturefunction"):  # pytest >= 8.4, before 8.4
        marker = getattr(decorated, attribute, None)
        if marker is not None:
            return marker
    return None


def _fixtures(session, unreadable):
    manager = getattr(session, "_fixturemanager", None)
    definitions = getattr(manager, "_arg2fixturedefs", None)
    if not isinstance(definitions, dict):
        unreadable.append("fixtures: session._fixturemanager._arg2fixturedefs not found")
        return []
    autouse_by_node = getattr(manager, "_nodeid_autousenames", None)
    plugin_autouse = None
    if isinstance(autouse_by_node, dict):
        plugin_autouse = set(autouse_by_node.get("", []))
    result = []
    for name, defs in definitions.items():
        for definition in defs:
            if getattr(definition, "baseid", "") not in ("", None):
                continue  # conftest or test-module fixtures; the scratch folder has none, plugins have baseid ""
            function = getattr(definition, "func", None)
            module = getattr(function, "__module__", None)
            if plugin_autouse is not None:
                autouse = name in plugin_autouse
            else:
                marker = _marker_of(definition)
                if marker is None:
                    unreadable.append("fixtures: autouse of '%s' (no _nodeid_autousenames, no fixture marker)" % name)
                autouse = bool(getattr(marker, "autouse", False))
            params = getattr(definition, "params", None)
            scope = _fixture_scope(definition)
            if scope is None:
                unreadable.append("fixtures: scope of '%s'" % name)
            result.append({
                "name": getattr(definition, "argname", name),
                "module": module,
                "scope": scope or "function",
                "autouse": autouse,
                "params": None if params is None else [_repr(p) for p in params],
            })
    return result


# ---------------------------------------------------------------------------------------------------------------
# Markers


def _markers(config, unreadable):
    try:
        lines = config.getini("markers")
    except Exception as error:
        unreadable.append("markers: config.getini('markers') failed (%s)" % error)
        return []
    result = []
    for line in lines:
        signature, _, description = str(line).partition(":")
        name = signature.split("(", 1)[0].strip()
        if name:
            result.append({"name": name, "signature": signature.strip(), "description": description.strip()})
    return result


# ---------------------------------------------------------------------------------------------------------------
# ini options


def _ini_type(kind):
    if kind is None:
        return "string"  # pytest < 9 stores None for "not given", which it reads as string
    if isinstance(kind, str):
        return kind
    choices = getattr(kind, "choices", None)  # a Literal of strings (pytest >= 9.2)
    if isinstance(choices, tuple):
        return " | ".join(_repr(choice) for choice in choices)
    if isinstance(kind, tuple):  # a union of types (pytest >= 9.2)
        return " | ".join(_ini_type(member) for member in kind)
    return _repr(kind)


def _ini_options(config, parser, unreadable):
    registered = getattr(parser, "_inidict", None)
    if not isinstance(registered, dict):
        unreadable.append("ini options: parser._inidict not found")
        return []
    aliases = {}
    for alias, canonical in (getattr(parser, "_ini_aliases", None) or {}).items():  # pytest >= 9.0
        aliases.setdefault(canonical, []).append(alias)
    result = []
    for name, spec in registered.items():
        # (help, type, default): a plain tuple before pytest 9.2, the named tuple IniSpec after.
        help_text = getattr(spec, "help", None)
        kind = getattr(spec, "type", None)
        default = getattr(spec, "default", None)
        if help_text is None and isinstance(spec, tuple) and len(spec) >= 3:
            help_text, kind, default = spec[0], spec[1], spec[2]
        try:
            # What pytest hands the plugin when no ini file sets the option: the effective default.
            default = config.getini(name)
        except Exception as error:
            unreadable.append("ini options: config.getini(%r) failed (%s); the registered default is shown" % (name, error))
        result.append({
            "name": name,
            "type": _ini_type(kind),
            "default": _value(default),
            "help": help_text or "",
            "aliases": sorted(aliases.get(name, [])),
        })
    return result


# ---------------------------------------------------------------------------------------------------------------
# Command-line options


def _action_names(argparser):
    names = {}
    registry = getattr(argparser, "_registries", {}).get("action", {}) if argparser is not None else {}
    for name, cls in registry.items():
        if isinstance(name, str) and (cls not in names or name == "store"):
            names[cls] = name
    return names


def _action_name(action, names):
    cls = type(action)
    if cls in names:
        return names[cls]
    if cls.__module__ == "argparse":
        # _StoreTrueAction -> store_true, when argparse's registry could not be read
        bare = cls.__name__.lstrip("_")
        if bare.endswith("Action") and bare != "Action":
            bare = bare[: -len("Action")]
        return re.sub(r"(?<!^)(?=[A-Z])", "_", bare).lower()
    return "%s.%s" % (cls.__module__, cls.__qualname__)


def _argparse_actions(parser, unreadable):
    """The argparse actions pytest parses the command line with, and argparse's registry of action names."""
    argparser = None
    build = getattr(parser, "_getparser", None)  # pytest < 9 builds its argparse parser on demand
    if callable(build):
        try:
            argparser = build()
        except Exception as error:
            unreadable.append("options: parser._getparser() failed (%s)" % error)
    if argparser is None:
        argparser = getattr(parser, "optparser", None)  # pytest >= 9 keeps one parser, filled as options are added
    actions = getattr(argparser, "_actions", None)
    if isinstance(actions, list):
        return actions, _action_names(argparser)
    return _rebuilt_actions(parser, unreadable)


def _rebuilt_actions(parser, unreadable):
    """Fallback: pytest's option groups added to a fresh argparse parser; add_argument returns the action."""
    import argparse

    groups = list(getattr(parser, "_groups", None) or [])
    anonymous = getattr(parser, "_anonymous", None)
    if anonymous is not None and all(group is not anonymous for group in groups):
        groups.append(anonymous)
    if not groups:
        unreadable.append("options: neither pytest's argparse parser nor its option groups were found")
        return [], {}
    fresh = argparse.ArgumentParser(add_help=False, conflict_handler="resolve")
    actions = []
    for group in groups:
        for option in getattr(group, "options", None) or []:
            try:
                actions.append(fresh.add_argument(*option.names(), **dict(option.attrs())))
            except Exception as error:
                unreadable.append("options: %r (%s)" % (option, error))
    return actions, _action_names(fresh)


def _options(parser, unreadable):
    if parser is None:
        unreadable.append("options: the probe's pytest_addoption was never called")
        return []
    actions, names = _argparse_actions(parser, unreadable)
    result = []
    for action in actions:
        flags = list(getattr(action, "option_strings", None) or [])
        if not flags:
            continue  # positional file_or_dir
        choices = getattr(action, "choices", None)
        nargs = getattr(action, "nargs", None)
        result.append({
            "flags": flags,
            "dest": getattr(action, "dest", None) or "",
            "action": _action_name(action, names),
            "nargs": None if nargs is None else str(nargs),
            "type": _callable_name(getattr(action, "type", None)),
            "choices": None if choices is None else [_value(choice) for choice in choices],
            "default": _value(getattr(action, "default", None)),
            "required": bool(getattr(action, "required", False)),
            "help": getattr(action, "help", None) or "",
        })
    return result


# ---------------------------------------------------------------------------------------------------------------
# Hookspecs


def _namespace_name(namespace):
    """Where a hookspec is declared: the module given to add_hookspecs, or module.Class for a class."""
    if namespace is None:
        return None
    if isinstance(namespace, type):
        return "%s.%s" % (namespace.__module__, namespace.__qualname__)
    return getattr(namespace, "__name__", None)


def _hookspecs(config, unreadable):
    relay = config.pluginmanager.hook
    try:
        callers = list(vars(relay).items())
    except TypeError:
        unreadable.append("hookspecs: pluginmanager.hook has no attributes to list")
        return []
    result = []
    for name, caller in callers:
        spec = getattr(caller, "spec", None)
        if spec is None:
            continue  # hooks implemented but never specified
        options = getattr(spec, "opts", None) or {}
        namespace = getattr(spec, "namespace", None)
        result.append({
            "name": getattr(spec, "name", name),
            "module": _namespace_name(namespace),
            "arguments": list(getattr(spec, "argnames", None) or ()),
            "firstresult": bool(options.get("firstresult", False)),
            "historic": bool(options.get("historic", False)),
        })
    return result


# ---------------------------------------------------------------------------------------------------------------
# The report


def _report(session):
    config = session.config
    import pytest

    document = {"schema": SCHEMA}
    name = os.environ.get(DISTRIBUTION_VARIABLE, "")
    distribution = _find_distribution(name) if name else None
    if distribution is None:
        document["error"] = "no distribution named '%s' is installed for %s (sys.path: %s)" % (name, sys.executable, os.pathsep.join(sys.path))
        return document
    unreadable = []
    document.update(_distribution_header(distribution))
    document["pytest_version"] = pytest.__version__
    document["python_version"] = "%d.%d.%d" % sys.version_info[:3]
    document["entry_points"] = _entry_points(config, distribution, unreadable)
    document["fixtures"] = _fixtures(session, unreadable)
    document["markers"] = _markers(config, unreadable)
    document["ini_options"] = _ini_options(config, _state["parser"], unreadable)
    document["options"] = _options(_state["parser"], unreadable)
    document["hookspecs"] = _hookspecs(config, unreadable)
    document["unreadable"] = sorted(set(unreadable))
    return document


def _write(document):
    path = os.environ[OUTPUT_VARIABLE]
    temp = path + ".tmp"
    with open(temp, "w", encoding="utf-8") as stream:
        json.dump(document, stream, indent=2, sort_keys=True, ensure_ascii=False)
    os.replace(temp, path)
    _state["written"] = True


def _write_once(session):
    if _state["written"]:
        return
    try:
        document = _report(session)
    except Exception:
        document = {"schema": SCHEMA, "error": "the probe failed:\n" + traceback.format_exc()}
    _write(document)


# ---------------------------------------------------------------------------------------------------------------
# pytest hooks


def pytest_addoption(parser):
    # Historic: called with the one parser every plugin adds its options and ini keys to.
    _state["parser"] = parser


def pytest_collection_finish(session):
    # All plugins are registered and configured, the fixture manager has parsed them, nothing has run.
    _write_once(session)


def pytest_sessionfinish(session):
    # In case a plugin replaced collection and pytest_collection_finish never came.
    _write_once(session)


# ---------------------------------------------------------------------------------------------------------------
# Script mode: the diagnosis


def _load_each(name):
    distribution = _find_distribution(name)
    if distribution is None:
        return {"error": "no distribution named '%s' is installed for %s" % (name, sys.executable)}
    result = []
    for ep in _pytest11(distribution):
        module, attribute = _split_value(ep.value)
        error = None
        try:
            ep.load()
        except BaseException as exception:  # SystemExit from a plugin's import is a failure too
            frames = traceback.extract_tb(exception.__traceback__)
            where = " (%s, line %s)" % (frames[-1].filename, frames[-1].lineno) if frames else ""
            error = "".join(traceback.format_exception_only(type(exception), exception)).strip() + where
        result.append({"name": ep.name, "module": module, "attribute": attribute, "error": error})
    return {"entry_points": result}


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "entry-points":
        sys.stderr.write("usage: %s entry-points DISTRIBUTION\n" % sys.argv[0])
        sys.exit(2)
    print(json.dumps(_load_each(sys.argv[2]), sort_keys=True))
