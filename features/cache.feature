Feature: The cached profile channel answers repeats without calling the CRM
  /api/cached/customer/{customer_id}/profile keeps the CRM's answer for 30 s: a
  repeat within that time is answered from the cache and never reaches the CRM.
  Only successful answers are kept. The cache is kept per caller; the suite runs
  the harness in test mode, where each X-Correlation-ID (each scenario) also has
  its own, so each scenario starts with an empty one.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: Two requests for the same profile reach the CRM once
    Given URL path "/api/cached/customer/C-1001/profile"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"customer_id": "C-1001", "name": "Alice Martin", "tier": "gold"}"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"customer_id": "C-1001", "name": "Alice Martin", "tier": "gold"}"
    And backend "crm" received "1" requests to "GET" "/api/customers/C-1001/profile"

  Scenario: A cached profile is served even after the CRM has started failing
    Given URL path "/api/cached/customer/C-1001/profile"
    When the URL is invoked
    Then status is "200"
    Given backend "crm" responds to "GET" "/api/customers/C-1001/profile" with status "500"
    When the URL is invoked
    Then status is "200"
    And path "/name" is "Alice Martin"
    And backend "crm" received "1" requests

  Scenario: Each customer is cached on its own
    Given URL path "/api/cached/customer/C-1001/profile"
    When the URL is invoked
    Then path "/name" is "Alice Martin"
    Given URL path "/api/cached/customer/C-1002/profile"
    When the URL is invoked
    Then path "/name" is "Bruno Costa"
    And path "/tier" is "standard"
    When the URL is invoked
    Then path "/name" is "Bruno Costa"
    And backend "crm" received "1" requests to "GET" "/api/customers/C-1001/profile"
    And backend "crm" received "1" requests to "GET" "/api/customers/C-1002/profile"

  Scenario: A failed call is not cached: the next request asks the CRM again
    Given backend "crm" responds to "GET" "/api/customers/C-1001/profile" "1" times with status "500"
    And URL path "/api/cached/customer/C-1001/profile"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "crm"
    When the URL is invoked
    Then status is "200"
    And path "/name" is "Alice Martin"
    When the URL is invoked
    Then status is "200"
    And backend "crm" received "2" requests to "GET" "/api/customers/C-1001/profile"
