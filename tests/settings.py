"""The test suite's settings: the project's, with background jobs run where they are queued
(huey's immediate mode, in memory), never through the developer's queue. Tests that need a
real worker start one on a queue of their own."""

from legalkb.settings import *  # noqa: F403

HUEY = {**HUEY, "immediate": True}  # noqa: F405
