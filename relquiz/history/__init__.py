"""The learner's history: `store` (sessions and answers) and `schema` (the file, its migrations,
safe opening). What the rest of relquiz uses is named here."""

from relquiz.history.schema import FILE_NAME, SCHEMA_VERSION, HistoryUnavailable
from relquiz.history.store import AnswerRecord, History, SessionRecord

__all__ = ["FILE_NAME", "SCHEMA_VERSION", "AnswerRecord", "History", "HistoryUnavailable", "SessionRecord"]
