Feature: Every backend call counts against a global rate limit, and waits for its turn
  Next to each connection's own limit, `[server] global_rate_limit` bounds the
  backend calls of all channels together: in harness.toml 20 per second, at most
  10 at once. A call
  over it waits for its turn (up to 2 s) instead of failing, so a burst of
  requests is slowed down, not refused. (In the suite's test mode each scenario
  has its own quota.)

  Background:
    Given address "@services.orchestrator.url"

  Scenario: Six dashboards in a row make 36 backend calls: the last ones wait, none fails
    Given URL path "/api/customer/C-1001/dashboard"
    When the URL is invoked
    Then status is "200"
    When the URL is invoked
    Then status is "200"
    When the URL is invoked
    Then status is "200"
    When the URL is invoked
    Then status is "200"
    When the URL is invoked
    Then status is "200"
    When the URL is invoked
    Then status is "200"
    And path "/customer/name" is "Alice Martin"
    And backend "crm" received "6" requests to "GET" "/api/customers/C-1001/profile"
    Given URL path "/metrics"
    And response format "RAW"
    When the URL is invoked
    Then response contains "harness_rate_limit_waits_total{scope="global"}"
