@serial
Feature: Rate limits and caches follow the caller, not the X-Correlation-ID it sends
  A caller picks its own X-Correlation-ID, so a quota or a cache kept per id could
  be escaped by sending a new id each time. The harness keys them on who the
  caller is: the credentials the channel checked, else the client address. Only
  test mode (`[server] test_mode`, which the suite's own harness runs in) splits
  them by correlation id too. These scenarios use a second harness started
  without test mode, as in production; its quotas are shared by every caller on
  127.0.0.1, so they run alone (@serial).

  Background:
    Given address "@services.orchestrator_production.url"

  Scenario: A new X-Correlation-ID for every request does not reset the quota
    Given URL path "/api/limited/user-type/anna"
    And header "X-Correlation-ID" "bypass-attempt-1"
    When the URL is invoked
    Then status is "200"
    Given header "X-Correlation-ID" "bypass-attempt-2"
    When the URL is invoked
    Then status is "200"
    Given header "X-Correlation-ID" "bypass-attempt-3"
    When the URL is invoked
    Then status is "429"
    And path "/code" is "rate_limited"
    And header "Retry-After" exists
    And header "X-Correlation-ID" is "bypass-attempt-3"

  Scenario: A cached answer is served to the same caller whatever correlation id it sends
    Given URL path "/api/cached/customer/C-1002/profile"
    And header "X-Correlation-ID" "cache-attempt-1"
    When the URL is invoked
    Then status is "200"
    And path "/name" is "Bruno Costa"
    Given header "X-Correlation-ID" "cache-attempt-2"
    When the URL is invoked
    Then status is "200"
    And path "/name" is "Bruno Costa"
    And backend "crm" received "1" requests to "GET" "/api/customers/C-1002/profile"
