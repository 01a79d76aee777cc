"""events: the plan prints each event as its watch sees it; Ctrl-C ends it as docker's does."""

def run_events(intent, plan, session):
    try:
        session.executor.execute(plan, session)
    except KeyboardInterrupt:
        return 0
    return 0
