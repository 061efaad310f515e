"""eventfold: an open, versioned dataset of political events coded from news.

The library is pure Python with no Prefect import; flows/ wires it into Prefect flows.
`eventfold.load_release` is imported on first use, so `import eventfold` stays cheap.
"""

__version__ = "0.1.0"
__all__ = ["load_release"]


def __getattr__(name: str):
    if name == "load_release":
        from eventfold.load import load_release

        return load_release
    raise AttributeError(f"module 'eventfold' has no attribute {name!r}")
