Feature: Fake backends
  Backends from apitest.toml ([backends.NAME]) are served on 127.0.0.1 and their URLs
  are variables (@backends.NAME.url). Changes and counts apply to this scenario only:
  they follow the X-Correlation-ID header the runner sends on every request (a system
  under test must pass it on to its backends). Here the scenarios call the fakes directly.

  Background:
    Given address "@backends.crm.url"
    And URL path "/tutorial/api/get-user"
    And query string "?UserName=partner"

  Scenario: As stubbed, and counted
    When the URL is invoked
    Then status is "200"
    And path "/UserType" is "RGV"
    And backend "crm" received "1" requests
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user"
    And backend "crm" received header "X-Correlation-ID"
    And backend "crm" received header "User-Agent" is "apitest/0.1.0"
    And backend "payments" received "0" requests

  Scenario: A status for this scenario only
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" with status "503"
    When the URL is invoked
    Then status is "503"

  Scenario: A JSON document, with or without a status
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" with JSON "{"UserType": "VIP"}"
    When the URL is invoked
    Then path "/UserType" is "VIP"
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" with status "404" and JSON "{"error": "gone"}"
    When the URL is invoked
    Then status is "404"
    And path "/error" is "gone"

  Scenario: A body from a file
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" with body from "demo.json"
    When the URL is invoked
    Then path "/action/msg" is "How do you do?"

  Scenario: Failing N times, then as stubbed
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" "1" times with status "503"
    When the URL is invoked
    Then status is "503"
    When the URL is invoked
    Then status is "200"
    And backend "crm" received "2" requests

  Scenario: A delay, for every request or the first N
    Given backend "crm" delays "GET" "/tutorial/api/get-user" by "50" ms
    When the URL is invoked
    Then status is "200"
    Given backend "crm" delays "GET" "/tutorial/api/get-user" "1" times by "20" ms
    When the URL is invoked
    Then status is "200"

  Scenario: A broken connection (a system under test then sees the fault)
    Given backend "crm" fails "GET" "/tutorial/api/get-user" with "empty response"
    Then backend "crm" received "0" requests

  Scenario: What a backend received in a JSON body
    Given address "@backends.payments.url"
    And URL path "/balance/get"
    And query string "?USER=partner"
    And REST method "POST"
    And request is "{"ACC_NUM": "123456"}"
    When the URL is invoked
    Then status is "200"
    And path "/ACC_BALANCE" is "357.9"
    And backend "payments" received a request with path "/ACC_NUM" is "123456"
