"""What an operator watches: a request id carried from the request into its
Celery tasks and every log line (JSON), Prometheus metrics (/metrics),
readiness (/health/ready) and the API response-time KPI the dashboard's
reports show. The middleware measures each request once; metrics, the log
line and the response-time report all use that one measurement."""
