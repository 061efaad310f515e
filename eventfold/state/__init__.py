"""Run state that survives crashes: the coded-mentions store and the run lock."""

from eventfold.state.coded_store import CodedStore
from eventfold.state.lock import RunLock, RunLocked

__all__ = ["CodedStore", "RunLock", "RunLocked"]
