"""Renders what karabo_bridge decodes into the JSON schema of ../shared/vectors/*.expected.json."""
import hashlib

import numpy as np


def render(value):
    if isinstance(value, np.ndarray):
        contiguous = np.ascontiguousarray(value)
        out = {"__ndarray__": True, "dtype": str(value.dtype), "dtype_str": value.dtype.str,
               "shape": list(value.shape), "nbytes": int(value.nbytes),
               "sha256": hashlib.sha256(contiguous.tobytes()).hexdigest()}
        if value.size <= 8 and value.dtype.kind != 'c':
            out["values"] = value.tolist()
        return out
    if isinstance(value, np.generic):
        return {"__npscalar__": str(value.dtype), "value": value.item()}
    if isinstance(value, bytes):
        return {"__bytes_hex__": value.hex()}
    if isinstance(value, dict):
        return {str(k): render(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [render(v) for v in value]
    return value


def render_train(data, meta):
    return {"sources": list(data.keys()), "data": render(data), "metadata": render(meta)}
