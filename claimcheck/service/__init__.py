"""The moderator service: feedback store and API keys (db), HTTP API and page (app).

Nothing is imported here on purpose: `claimcheck --help` and the batch job must not pay
for SQLAlchemy or FastAPI. Import the submodule you need, e.g.
`from claimcheck.service.db import Database`.
"""
