"""Side effects that must happen once (an email per order and kind), however
often the task that performs them runs: Celery delivers at least once
(acks_late), so a task killed mid-way runs again."""
