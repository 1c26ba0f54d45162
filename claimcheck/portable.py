"""A model file that can be shared and loaded without running code from it.

`export_bundle` writes a fitted bundle as one `.npz` file: every array goes in as a numpy
array (read back with `allow_pickle=False`), and everything else (the Pipeline's steps,
their parameters and fitted attributes) goes in a JSON manifest that names each object's
class. `read_portable` rebuilds the estimators from it: a class is instantiated only if its
name is in TRUSTED_TYPES, an explicit list of claimcheck, scikit-learn, numpy and scipy
classes, and it gets its state through the class's own `__setstate__` (the same state a
pickle would hold, obtained from `__getstate__`), so the export follows the Pipeline's
classes without a line per estimator. No `pickle`, no `eval`, no import of a name that is not
on the list; the one step that interprets configuration, the spaCy pipeline, has its config
checked against the factories and registered functions claimcheck builds it from before it
is loaded.

Such a file needs no trust: `load_model("x.npz")` loads it directly, and
`claimcheck import x.npz --out DIR` turns it into an ordinary (trusted) bundle.
"""

from __future__ import annotations

import importlib
import io
import json
import math
import zipfile
import zlib
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np

from claimcheck.exceptions import InputError, ModelLoadError

PORTABLE_FORMAT = "claimcheck-portable"
PORTABLE_VERSION = 1
MANIFEST = "manifest"
#: Refuse manifests larger than this (bytes) and nesting deeper than MAX_DEPTH: a hostile
#: file must not exhaust memory or the stack before it is refused.
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64

#: Every class an export may name. Each entry is `module.qualname` of a class whose state is
#: plain data. tests/test_portable.py derives the classes in fitted Pipelines (every feature
#: family, every calibration) and checks they are all here, and that nothing here lies
#: outside claimcheck, scikit-learn, numpy and scipy.
TRUSTED_TYPES: frozenset[str] = frozenset(
    {
        # claimcheck's own steps
        "claimcheck.model.SpacyPreprocessor",
        "claimcheck.features.NormText",
        "claimcheck.features.CueCounts",
        "claimcheck.features.LinkClasses",
        "claimcheck.features.StructureFeatures",
        "claimcheck.features.StyleFeatures",
        "claimcheck.features.SequentialFeatureUnion",
        "claimcheck.vectorize.OnePassTfidfVectorizer",
        # scikit-learn estimators the Pipeline is built from
        "sklearn.pipeline.Pipeline",
        "sklearn.pipeline.FeatureUnion",
        "sklearn.feature_extraction.text.CountVectorizer",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.calibration.CalibratedClassifierCV",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.isotonic.IsotonicRegression",
        "sklearn.preprocessing._label.LabelEncoder",
        # numpy scalar types named as parameters (e.g. dtype=np.float32)
        "numpy.float32",
        "numpy.float64",
        "numpy.int32",
        "numpy.int64",
        # scipy sparse matrices held as fitted attributes
        "scipy.sparse._csr.csr_matrix",
        "scipy.sparse._csc.csc_matrix",
    }
)

#: Factories and registered functions a claimcheck spaCy pipeline is built from
#: (claimcheck.nlp.pipeline.build_nlp); a config naming anything else is refused.
SPACY_FACTORIES = frozenset(
    {
        "claimcheck_line_breaks",
        "sentencizer",
        "lemmatizer",
        "claimcheck_normalizer",
        "claimcheck_cues",
    }
)
SPACY_REFERENCES = frozenset(
    {
        ("@tokenizers", "spacy.Tokenizer.v1"),
        ("@vectors", "spacy.Vectors.v1"),
        ("@scorers", "spacy.senter_scorer.v1"),
        ("@scorers", "spacy.lemmatizer_scorer.v1"),
    }
)


class ExportError(InputError):
    """The model holds something the portable format cannot represent safely."""


class PortableFormatError(ModelLoadError):
    """A portable file that is damaged, or names something outside TRUSTED_TYPES."""


def type_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _resolve(name: str) -> type:
    """The class for a TRUSTED_TYPES entry (never anything else)."""
    if name not in TRUSTED_TYPES:
        raise PortableFormatError(
            f"the file names the class {name!r}, which is not on claimcheck's list of "
            "trusted model classes; it was not loaded"
        )
    module_name, _, qualname = name.rpartition(".")
    # Longest importable module prefix: qualnames of nested classes contain dots.
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            break
        if isinstance(obj, type) and type_name(obj) == name:
            return obj
        break
    raise PortableFormatError(
        f"the trusted class {name} ({module_name}.{qualname}) does not exist in this "
        "installation; install the claimcheck version the file was exported from"
    )


# --- encoding -------------------------------------------------------------------------------


class _Writer:
    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def array(self, value: np.ndarray) -> str:
        key = f"a{len(self.arrays)}"
        self.arrays[key] = value
        return key

    def encode(self, value: Any, where: str, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise ExportError(f"{where}: nested deeper than {MAX_DEPTH} levels")
        kind = type(value)
        if value is None or kind in (bool, int, str):
            return value
        if kind is float:
            return value if math.isfinite(value) else {"$t": "float", "repr": repr(value)}
        if kind is list:
            return [self.encode(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
        if kind in (tuple, set, frozenset):
            items = sorted(value, key=repr) if kind is not tuple else value
            return {
                "$t": kind.__name__,
                "items": [self.encode(v, f"{where}[]", depth + 1) for v in items],
            }
        if kind is dict:
            return self._dict(value, where, depth)
        if kind in (bytes, bytearray):
            return {"$t": "bytes", "array": self.array(np.frombuffer(bytes(value), np.uint8))}
        if kind is np.ndarray:
            if value.dtype.hasobject:
                return {
                    "$t": "objarray",
                    "shape": list(value.shape),
                    "items": [self.encode(v, f"{where}[]", depth + 1) for v in value.ravel()],
                }
            return {"$t": "ndarray", "array": self.array(value)}
        if isinstance(value, np.generic):
            if value.dtype.hasobject:
                raise ExportError(f"{where}: a numpy object scalar cannot be exported")
            return {"$t": "npscalar", "array": self.array(np.asarray(value))}
        if kind is np.dtype or isinstance(value, np.dtype):
            if value.hasobject or value.fields is not None:
                raise ExportError(f"{where}: dtype {value} cannot be exported")
            return {"$t": "dtype", "str": value.str}
        if isinstance(value, type):
            return {"$t": "type", "name": self._trusted(value, where)}
        if isinstance(value, Enum):
            name = self._trusted(kind, where)
            return {"$t": "enum", "class": name, "value": self.encode(value.value, where, depth)}
        if _is_sparse(value):
            name = self._trusted(kind, where)
            matrix = value.tocsr() if value.format == "csr" else value.tocsc()
            return {
                "$t": "sparse",
                "class": name,
                "shape": list(matrix.shape),
                "data": self.array(matrix.data),
                "indices": self.array(matrix.indices),
                "indptr": self.array(matrix.indptr),
            }
        return self._object(value, where, depth)

    def _dict(self, value: dict[Any, Any], where: str, depth: int) -> Any:
        values = list(value.values())
        # A vocabulary (str -> column) as two columns: far smaller and faster than pairs.
        if (
            len(value) > 16
            and all(type(k) is str for k in value)
            and len({type(v) for v in values}) == 1
            and (type(values[0]) is int or isinstance(values[0], np.integer))
        ):
            python_ints = type(values[0]) is int
            column = np.asarray(values, dtype=np.int64 if python_ints else type(values[0]))
            return {
                "$t": "columns",
                "keys": list(value),
                "values": self.array(column),
                "python_ints": python_ints,
            }
        return {
            "$t": "dict",
            "items": [
                [
                    self.encode(k, f"{where} key", depth + 1),
                    self.encode(v, f"{where}.{k}", depth + 1),
                ]
                for k, v in value.items()
            ],
        }

    def _trusted(self, cls: type, where: str) -> str:
        name = type_name(cls)
        if name not in TRUSTED_TYPES:
            raise ExportError(
                f"{where}: {name} is not on claimcheck.portable.TRUSTED_TYPES, so an importer "
                "would refuse it; add it there (with a test) if its state is plain data"
            )
        return name

    def _object(self, value: Any, where: str, depth: int) -> Any:
        kind = type(value)
        name = self._trusted(kind, where)
        if (
            kind.__reduce_ex__ is not object.__reduce_ex__
            or kind.__reduce__ is not object.__reduce__
        ):
            raise ExportError(f"{where}: {name} pickles itself in its own way; cannot export")
        state = value.__getstate__()
        return {"$t": "object", "class": name, "state": self.encode(state, where, depth + 1)}


def _is_sparse(value: Any) -> bool:
    module = type(value).__module__
    if not module.startswith("scipy.sparse"):
        return False
    import scipy.sparse as sp

    return bool(sp.issparse(value)) and value.format in ("csr", "csc")


def to_portable(model: Any, meta: dict[str, Any]) -> tuple[bytes, dict[str, np.ndarray]]:
    """The manifest (JSON bytes) and arrays that represent `model` and its bundle meta."""
    writer = _Writer()
    manifest = {
        "format": PORTABLE_FORMAT,
        "version": PORTABLE_VERSION,
        "meta": meta,
        "model": writer.encode(model, "model"),
    }
    blob = json.dumps(manifest, allow_nan=False, ensure_ascii=False).encode("utf-8")
    return blob, writer.arrays


def export_bundle(bundle: str | Path | None, out: str | Path, *, trust: bool = False) -> Path:
    """Write the bundle at `bundle` (None: the shipped one) as a portable .npz file.

    The bundle itself is loaded the usual way, so it must be trusted (or `trust=True`).
    """
    from claimcheck.bundle import load_bundle

    if Path(out).suffix != ".npz":
        raise InputError(f"{out}: name the export file *.npz (it is a numpy archive)")
    loaded = load_bundle(bundle, trust=trust)
    return write_portable(loaded.model, loaded.meta, out)


def write_portable(model: Any, meta: dict[str, Any], out: str | Path) -> Path:
    """Write `model` and its bundle meta as a portable .npz file at `out`."""
    blob, arrays = to_portable(model, meta)
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        members: dict[str, Any] = {MANIFEST: np.frombuffer(blob, np.uint8), **arrays}
        np.savez_compressed(handle, **members)
    return target


# --- decoding -------------------------------------------------------------------------------


def _check_spacy_state(state: Any) -> None:
    """Refuse a SpacyPreprocessor whose spaCy config names anything build_nlp does not use."""
    if not isinstance(state, dict):
        raise PortableFormatError("SpacyPreprocessor state is not an object")
    config_text = state.get("_nlp_config")
    if config_text is None:
        return  # an unfitted step: nothing to load
    if not isinstance(config_text, str) or not isinstance(state.get("_nlp_bytes"), bytes):
        raise PortableFormatError("SpacyPreprocessor state lacks its spaCy config or bytes")
    from thinc.api import Config

    try:
        config = Config().from_str(config_text, interpolate=False)
    except Exception as exc:  # thinc raises several types for bad text
        raise PortableFormatError(f"the spaCy config in the file does not parse ({exc})") from None
    components = config.get("components", {})
    pipeline = config.get("nlp", {}).get("pipeline", [])
    if not isinstance(components, dict) or set(pipeline) != set(components):
        raise PortableFormatError("the spaCy config's pipeline and components disagree")
    for name, block in components.items():
        factory = block.get("factory") if isinstance(block, dict) else None
        if factory not in SPACY_FACTORIES:
            raise PortableFormatError(
                f"the spaCy config uses component factory {factory!r} ({name}), which "
                "claimcheck does not build its pipeline from"
            )
        if factory == "claimcheck_cues" and block.get("patterns_path") is not None:
            raise PortableFormatError("the spaCy config points the cue tagger at a file")
    for key, value in _references({"nlp": config.get("nlp", {}), "components": components}):
        if (key, value) not in SPACY_REFERENCES:
            raise PortableFormatError(
                f"the spaCy config calls the registered function {key} = {value!r}, which "
                "claimcheck does not build its pipeline from"
            )


def _references(block: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(block, dict):
        for key, value in block.items():
            if isinstance(key, str) and key.startswith("@"):
                yield key, value
            yield from _references(value)
    elif isinstance(block, list | tuple):
        for value in block:
            yield from _references(value)


#: Checks run on an object's state before its class's __setstate__ sees it.
STATE_CHECKS: dict[str, Callable[[Any], None]] = {
    "claimcheck.model.SpacyPreprocessor": _check_spacy_state,
}


class _Reader:
    def __init__(self, arrays: Any) -> None:
        self._arrays = arrays

    def array(self, key: Any) -> np.ndarray:
        if not isinstance(key, str) or key == MANIFEST or key not in self._arrays:
            raise PortableFormatError(f"the file refers to a missing array {key!r}")
        try:
            value = self._arrays[key]
        except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            raise PortableFormatError(f"array {key} cannot be read safely ({exc})") from None
        if value.dtype.hasobject:
            raise PortableFormatError(f"array {key} holds Python objects")
        return np.asarray(value)

    def decode(self, node: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise PortableFormatError(f"the manifest is nested deeper than {MAX_DEPTH} levels")
        if node is None or type(node) in (bool, int, float, str):
            return node
        if type(node) is list:
            return [self.decode(v, depth + 1) for v in node]
        if type(node) is not dict:
            raise PortableFormatError(f"unexpected manifest value {type(node).__name__}")
        tag = node.get("$t")
        if tag == "float":
            text = node.get("repr")
            if text not in ("nan", "inf", "-inf"):
                raise PortableFormatError(f"bad float {text!r}")
            return float(text)
        if tag in ("tuple", "set", "frozenset"):
            items = [self.decode(v, depth + 1) for v in self._list(node, "items")]
            return {"tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        if tag == "dict":
            pairs = self._list(node, "items")
            out: dict[Any, Any] = {}
            for pair in pairs:
                if type(pair) is not list or len(pair) != 2:
                    raise PortableFormatError("malformed dict entry in the manifest")
                key = self.decode(pair[0], depth + 1)
                out[key] = self.decode(pair[1], depth + 1)
            return out
        if tag == "columns":
            keys = self._list(node, "keys")
            values = self.array(node.get("values"))
            if values.ndim != 1 or len(values) != len(keys) or values.dtype.kind not in "iu":
                raise PortableFormatError("malformed vocabulary columns in the manifest")
            if not all(type(k) is str for k in keys):
                raise PortableFormatError("vocabulary keys must be strings")
            column = values.tolist() if node.get("python_ints") else list(values)
            return dict(zip(keys, column, strict=True))
        if tag == "bytes":
            data = self.array(node.get("array"))
            if data.dtype != np.uint8 or data.ndim != 1:
                raise PortableFormatError("malformed bytes in the manifest")
            return data.tobytes()
        if tag == "ndarray":
            return self.array(node.get("array"))
        if tag == "objarray":
            shape = tuple(self._list(node, "shape"))
            items = [self.decode(v, depth + 1) for v in self._list(node, "items")]
            if not all(type(n) is int and n >= 0 for n in shape) or math.prod(shape) != len(items):
                raise PortableFormatError("malformed object array in the manifest")
            result = np.empty(len(items), dtype=object)
            result[:] = items
            return result.reshape(shape)
        if tag == "npscalar":
            value = self.array(node.get("array"))
            if value.ndim != 0:
                raise PortableFormatError("malformed numpy scalar in the manifest")
            return value[()]
        if tag == "dtype":
            text = node.get("str")
            if not isinstance(text, str) or len(text) > 8:
                raise PortableFormatError("malformed dtype in the manifest")
            dtype = np.dtype(text)
            if dtype.hasobject:
                raise PortableFormatError("object dtypes are not allowed")
            return dtype
        if tag == "type":
            return _resolve(str(node.get("name")))
        if tag == "enum":
            cls = _resolve(str(node.get("class")))
            if not issubclass(cls, Enum):
                raise PortableFormatError(f"{type_name(cls)} is not an enumeration")
            return cls(self.decode(node.get("value"), depth + 1))
        if tag == "sparse":
            cls = _resolve(str(node.get("class")))
            shape = tuple(self._list(node, "shape"))
            parts = (self.array(node.get(k)) for k in ("data", "indices", "indptr"))
            try:
                return cls(tuple(parts), shape=shape)
            except (ValueError, TypeError) as exc:
                raise PortableFormatError(f"malformed sparse matrix ({exc})") from None
        if tag == "object":
            return self._object(node, depth)
        raise PortableFormatError(f"unknown manifest tag {tag!r}")

    @staticmethod
    def _list(node: dict[str, Any], key: str) -> list[Any]:
        value = node.get(key)
        if type(value) is not list:
            raise PortableFormatError(f"manifest entry {node.get('$t')!r} lacks its {key!r} list")
        return value

    def _object(self, node: dict[str, Any], depth: int) -> Any:
        name = str(node.get("class"))
        cls: Any = _resolve(name)
        state = self.decode(node.get("state"), depth + 1)
        check = STATE_CHECKS.get(name)
        if check is not None:
            check(state)
        instance = cls.__new__(cls)
        setstate = getattr(instance, "__setstate__", None)
        try:
            if setstate is not None:
                setstate(state)
            elif isinstance(state, dict):
                instance.__dict__.update(state)
            else:
                raise PortableFormatError(f"{name}: state is not an object")
        except PortableFormatError:
            raise
        except Exception as exc:  # the class refused the state it was given
            raise PortableFormatError(f"{name} could not be rebuilt ({exc})") from None
        return instance


def read_portable(path: str | Path) -> tuple[Any, dict[str, Any]]:
    """(model, meta) from a file written by `export_bundle`. Runs no code from the file."""
    from claimcheck.bundle import check_compatible

    source = Path(path)
    try:
        archive = np.load(source, allow_pickle=False)
    except FileNotFoundError:
        raise ModelLoadError(f"model file not found: {source}") from None
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise PortableFormatError(
            f"{source} is not a claimcheck export (.npz written by `claimcheck export`): {exc}"
        ) from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise PortableFormatError(f"{source} is a single array, not a claimcheck export")
    with archive:
        if MANIFEST not in archive.files:
            raise PortableFormatError(f"{source} has no manifest: not a claimcheck export")
        try:
            raw = archive[MANIFEST]
        except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            raise PortableFormatError(f"{source}: the manifest cannot be read ({exc})") from None
        if raw.dtype != np.uint8 or raw.ndim != 1 or raw.nbytes > MAX_MANIFEST_BYTES:
            raise PortableFormatError(f"{source}: malformed manifest")
        try:
            manifest = json.loads(raw.tobytes().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PortableFormatError(f"{source}: the manifest is not JSON ({exc})") from None
        if (
            not isinstance(manifest, dict)
            or manifest.get("format") != PORTABLE_FORMAT
            or not isinstance(manifest.get("meta"), dict)
        ):
            raise PortableFormatError(f"{source} is not a claimcheck export")
        if manifest.get("version") != PORTABLE_VERSION:
            raise PortableFormatError(
                f"{source} is export format {manifest.get('version')!r}; this claimcheck reads "
                f"{PORTABLE_VERSION}"
            )
        meta = manifest["meta"]
        check_compatible(meta, source)
        try:
            model = _Reader(archive).decode(manifest.get("model"))
        except RecursionError:
            raise PortableFormatError(f"{source}: the manifest is nested too deeply") from None
    return model, meta


def load_portable_bundle(path: str | Path) -> Any:
    """A `Bundle` from an export file (what load_model uses for a file path)."""
    from claimcheck.bundle import Bundle

    model, meta = read_portable(path)
    return Bundle(Path(path), model, meta)


def import_bundle(path: str | Path, out: str | Path) -> Path:
    """Rebuild an exported model and save it as an ordinary bundle at `out` (trusted: it was
    written here, from a file that ran no code)."""
    from claimcheck.bundle import save_bundle

    model, meta = read_portable(path)
    return save_bundle(model, out, {**meta, "imported_from": Path(path).name})


def types_in(model: Any) -> set[str]:
    """The class names an export of `model` would contain (what TRUSTED_TYPES must cover)."""
    found: set[str] = set()
    seen: set[int] = set()

    def walk(value: Any) -> None:
        if id(value) in seen or value is None or type(value) in (bool, int, float, str, bytes):
            return
        seen.add(id(value))
        if isinstance(value, list | tuple | set | frozenset):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, np.ndarray):
            if value.dtype.hasobject:
                for item in value.ravel():
                    walk(item)
        elif isinstance(value, np.generic | np.dtype):
            return
        elif isinstance(value, type):
            found.add(type_name(value))
        elif _is_sparse(value) or isinstance(value, Enum):
            found.add(type_name(type(value)))
        else:
            found.add(type_name(type(value)))
            walk(value.__getstate__())

    walk(model)
    return found


def describe(path: str | Path) -> dict[str, Any]:
    """What an export holds (for `claimcheck export --json` and the docs): size and classes."""
    blob, _ = _manifest_bytes(Path(path))
    classes: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("$t") in ("object", "sparse", "enum"):
                classes.add(str(node.get("class")))
            if node.get("$t") == "type":
                classes.add(str(node.get("name")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(blob))
    return {"path": str(path), "bytes": Path(path).stat().st_size, "classes": sorted(classes)}


def _manifest_bytes(path: Path) -> tuple[bytes, list[str]]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        data = archive.read(f"{MANIFEST}.npy")
    array = np.load(io.BytesIO(data), allow_pickle=False)
    return array.tobytes(), names
