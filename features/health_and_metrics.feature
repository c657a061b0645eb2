Feature: The harness reports its health and its metrics
  GET /health answers 200 {"status": "ok"} once the harness serves (the runner
  waits for it before the suite starts). GET /metrics answers the Prometheus text
  exposition of request, backend call, retry, breaker, cache and rate-limit
  metrics. Neither needs credentials.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: /health answers ok without credentials
    Given URL path "/health"
    When the URL is invoked
    Then status is "200"
    And header "Content-Type" contains "application/json"
    And JSON response is equal to "{"status": "ok"}"
    And header "X-Correlation-ID" is not empty

  Scenario: /metrics answers Prometheus text without credentials
    Given URL path "/metrics"
    And response format "RAW"
    When the URL is invoked
    Then status is "200"
    And header "Content-Type" is "text/plain; version=0.0.4; charset=utf-8"
    And header "X-Correlation-ID" is not empty
    And response contains "# TYPE harness_breaker_state gauge"

  Scenario: /metrics counts what the channels did
    Given URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "200"
    Given URL path "/metrics"
    And response format "RAW"
    When the URL is invoked
    Then response contains "harness_requests_total{channel="get-user-details""
    And response contains "harness_backend_calls_total{connection="crm""
    And response contains "harness_backend_call_duration_seconds_count{connection="billing"}"
