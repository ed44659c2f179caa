"""Remembering what a helper computed, so that the same computation on the same data runs once per kernel.

A notebook, its exercise checks and its hidden tests each rebuild the same models from the same data (the tests on
purpose: they trust nothing the participant's cells made). A helper decorated with `remembered` computes once
for each distinct content of its arguments (compared by a hash of their values, not by identity) and then
gives a copy of the result, so that nothing a caller does to what it got changes what another caller gets.

The hash is that of the arguments' pickle, arrays of records taken without their padding bytes (a fitted tree
leaves them uninitialised, so two equal fitted forests would otherwise differ), each argument pickled apart (a
model and the table it was fitted on may share their column names' strings, or not). A pickle also depends on how
a model's own parts share objects: two equal fitted models may still not be recognised as equal (a new
computation, never a wrong result).
"""

import copy
import functools
import hashlib
import inspect
import io
import pickle
from collections import OrderedDict

import numpy as np
import pandas as pd

KEPT = 8  # results kept per helper, the most recently used


def _content(value):
    """What a table's hash is taken of: its values, dtypes, column names and index, whatever its memory layout."""
    if isinstance(value, pd.DataFrame | pd.Series):
        try:
            rows = pd.util.hash_pandas_object(value, index=False).to_numpy()
            index = pd.util.hash_pandas_object(value.index).to_numpy()
        except TypeError:  # values pandas cannot hash (lists, for example): the pickle instead
            return value
        names = list(value.columns) if isinstance(value, pd.DataFrame) else value.name
        dtypes = [str(t) for t in value.dtypes] if isinstance(value, pd.DataFrame) else str(value.dtype)
        return type(value).__name__, names, dtypes, value.index.names, str(value.index.dtype), index, rows
    return value


class _ContentPickler(pickle.Pickler):
    """A pickler that writes an array of records field by field, without the padding bytes between fields."""

    def reducer_override(self, value):
        if type(value) is np.ndarray and value.dtype.names is not None:
            fields = value.dtype.fields
            packed = np.dtype([(name, fields[name][0]) for name in value.dtype.names])
            return value.astype(packed).__reduce_ex__(5)
        return NotImplemented


def _key(arguments: dict) -> str | None:
    """A hash of the arguments' content, or None when they cannot be pickled (then nothing is remembered)."""
    digest = hashlib.blake2b(digest_size=20)
    for name, value in arguments.items():  # each apart: a pickle writes an object met before as a reference to it
        content = io.BytesIO()
        try:
            _ContentPickler(content, protocol=5).dump((name, _content(value)))
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        digest.update(content.getbuffer())
    return digest.hexdigest()


_PLAIN = (type(None), bool, int, float, complex, str, bytes, np.generic)
_PLAIN_OBJECTS = {"empty", "string", "bytes", "integer", "floating", "mixed-integer-float", "boolean"}


def _plain_column(values) -> bool:
    """An array or column whose values pandas hashes by content (object columns: texts and numbers only)."""
    if values.dtype != object:
        return values.dtype.kind != "V"
    return pd.api.types.infer_dtype(values, skipna=True) in _PLAIN_OBJECTS


def _plain(value) -> bool:
    """Numbers, texts, arrays and tables of numbers or texts, and tuples, lists, sets and dicts of those: values
    whose hash is their content. A function or any other object is pickled by name or by its parts, which need
    not say what it does."""
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, np.ndarray):
        return _plain_column(value.ravel())
    if isinstance(value, pd.Series):
        return _plain_column(value) and _plain_column(value.index)
    if isinstance(value, pd.DataFrame):
        return all(_plain_column(value.iloc[:, i]) for i in range(value.shape[1])) and _plain_column(value.index)
    if isinstance(value, tuple | list | set | frozenset):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


def data_key(values) -> str | None:
    """A hash of the content of plain data (`_plain`), or None when any value is something else or cannot be
    hashed."""
    try:
        return _key(dict(enumerate(values))) if all(_plain(v) for v in values) else None
    except Exception:  # an odd value must never stop a check: it is then not remembered
        return None


def _copy(value):
    """A deep copy; tables (alone, or in a tuple or list) laid out in memory as the original (DataFrame's deep
    copy consolidates its columns into blocks, and what is computed from another layout can differ in the last
    digits)."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    if type(value) in (tuple, list):
        return type(value)(_copy(v) for v in value)
    return copy.deepcopy(value)


def remembered(function):
    """`function`, computed once for each content of its arguments."""
    results: OrderedDict[str, object] = OrderedDict()
    signature = inspect.signature(function)

    @functools.wraps(function)
    def helper(*args, **kwargs):
        given = signature.bind(*args, **kwargs)  # f(x, 5) and f(x, groups=5) are the same call
        given.apply_defaults()
        key = _key(given.arguments)
        if key is None:
            return function(*args, **kwargs)
        if key in results:
            results.move_to_end(key)
            return _copy(results[key])
        result = function(*args, **kwargs)
        results[key] = _copy(result)
        if len(results) > KEPT:
            results.popitem(last=False)
        return result

    helper.forget = results.clear
    return helper
