Feature: The harness reports its health and its metrics
  GET /health answers 200 once the harness serves (the runner waits for it before
  the suite starts), with every backend's reachability: each connection is pinged
  (HEAD, as Zato pings its outgoing connections) and is "up" when it answers at
  all; the status is "degraded" when one is down. GET /metrics answers the
  Prometheus text exposition of request, backend call, retry, breaker, cache and
  rate-limit metrics; requests no channel serves (404, 405) are counted too.
  Neither needs credentials; other methods are a 405 in the usual JSON shape.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: /health answers ok without credentials and says every backend is up
    Given URL path "/health"
    When the URL is invoked
    Then status is "200"
    And header "Content-Type" contains "application/json"
    And path "/status" is "ok"
    And path "/backends/crm/status" is "up"
    And path "/backends/billing/status" is "up"
    And path "/backends/payments/status" is "up"
    And path "/backends/fraud/status" is "up"
    And path "/backends/hr/status" is "up"
    And path "/backends/orders_api/status" is "up"
    And path "/backends/crm/latency_ms" is any integer
    And header "X-Correlation-ID" is not empty
    And backend "crm" received "2" requests to "HEAD" "/"
    And backend "workplace" received "1" requests to "HEAD" "/hr"

  Scenario: A backend that does not answer in time makes the harness degraded, still 200
    # Pings wait at most 1 s.
    Given backend "billing" delays "HEAD" "/" by "1500" ms
    And URL path "/health"
    When the URL is invoked
    Then status is "200"
    And path "/status" is "degraded"
    And path "/backends/billing" is JSON "{"status": "down", "kind": "timeout"}"
    And path "/backends/crm/status" is "up"

  Scenario Outline: <method> /health is a 405 in the JSON error shape
    Given URL path "/health"
    And REST method "<method>"
    When the URL is invoked
    Then status is "405"
    And header "Allow" is "GET, HEAD"
    And header "Content-Type" contains "application/json"
    And path "/code" is "method_not_allowed"
    And path "/error" is "`/health` accepts GET, HEAD"
    And path "/correlation_id" is not empty

    Examples:
      | method |
      | POST   |
      | DELETE |

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

  Scenario: Requests no channel serves are counted: a 404 without a channel, a 405 under the channel of the path
    Given URL path "/api/v2/user"
    When the URL is invoked
    Then status is "404"
    Given URL path "/api/notify"
    When the URL is invoked
    Then status is "405"
    Given URL path "/metrics"
    And response format "RAW"
    When the URL is invoked
    Then response contains "harness_requests_total{channel="(none)",status="404"}"
    And response contains "harness_requests_total{channel="notify",status="405"}"

  Scenario: A GET channel answers HEAD as a GET without a body
    Given URL path "/api/customer/C-1001/dashboard"
    And REST method "HEAD"
    When the URL is invoked
    Then status is "200"
    And header "Content-Type" contains "application/json"
    And JSON response does not exist
    And backend "crm" received "1" requests to "GET" "/api/customers/C-1001/profile"
