"""Trainspotter Python views: EXtra-metro style decorators for context files.

A context file is a plain Python module. ``View`` (and ``ViewStage``) are put into its globals
before it runs, so no import is needed; ``from trainspotter_views import View`` works too.

    @View.Image
    def smoothed_roi(camera: "karabo#SQS_ILH_LAS/CAM/BS_CAM_TT_OU1:output[data.image.pixels]",
                     sigma: float = 5):
        return gaussian_filter(camera[350:750, 1000:1500], sigma=sigma)

Arguments without a default name their input in a string annotation; keyword arguments with a
default are view parameters. See docs/python-views.md.
"""

__all__ = ["View", "ViewStage", "ViewSpec", "KINDS"]

#: decorator name -> output kind
KINDS = {"Scalar": "scalar", "Vector": "vector", "Image": "image", "Points": "points", "Compute": "compute"}


class ViewStage:
    """Stage names accepted by ``stage=``: ``"pool"``/``"train"`` (per train) or ``"reduce"`` (ordered)."""
    POOL = "pool"
    REDUCE = "reduce"


class ViewSpec:
    """What a decorator records on a function."""

    def __init__(self, kind, name=None, hidden=False, stage=ViewStage.POOL, properties=(), options=None):
        self.kind = kind
        self.name = name
        self.hidden = hidden
        self.stage = stage
        self.properties = tuple(properties)
        self.options = dict(options or {})


_VIEW_KEYWORDS = {"name", "hidden", "stage"}


def _decorator(kind, properties):
    """A decorator usable bare (``@View.Scalar``) or called (``@View.Scalar(name=..., hidden=True)``)."""

    def mark(function, **kwargs):
        options = {k: v for k, v in kwargs.items() if k not in _VIEW_KEYWORDS}
        stage = kwargs.get("stage", ViewStage.POOL)
        function._trainspotter_view = ViewSpec(kind, kwargs.get("name"), bool(kwargs.get("hidden", False)),
                                               stage, properties, options)
        return function

    def decorator(function=None, **kwargs):
        if function is not None and callable(function) and not kwargs:
            return mark(function)
        if function is not None:
            raise TypeError("View decorators take keyword arguments only, e.g. @View.Scalar(name='x')")
        return lambda f: mark(f, **kwargs)

    return decorator


class _ViewMeta(type):
    def __getattr__(cls, attribute):
        # `Vector_MovingAverage`: a kind followed by "virtual properties" joined by `_`.
        head, *properties = attribute.split("_")
        if head not in KINDS:
            raise AttributeError(f"View has no output type '{head}' (use one of {', '.join(KINDS)})")
        return _decorator(KINDS[head], properties)


class View(metaclass=_ViewMeta):
    """``@View`` (a vector view), ``@View.Scalar``, ``.Vector``, ``.Image``, ``.Points``, ``.Compute``,
    bare or called with ``name=``, ``hidden=``, ``stage=``."""

    def __new__(cls, function=None, **kwargs):
        return _decorator("vector", ())(function, **kwargs)
