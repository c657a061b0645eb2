Feature: Status and header checks

  Background:
    Given address "$TARGET"

  Scenario: Status and headers
    Given URL path "/headers"
    When the URL is invoked
    Then status is "204"
    And header "X-Custom" is "abc-123"
    And header "x-custom" is not "xyz"
    And header "X-Custom" contains "c-1"
    And header "X-Custom" does not contain "zz"
    And header "X-Custom" starts with "abc"
    And header "X-Custom" does not start with "xyz"
    And header "X-Custom" ends with "123"
    And header "X-Custom" does not end with "999"
    And header "X-Custom" exists
    And header "X-Missing" does not exist
    And header "X-Empty" is empty
    And header "X-Custom" is not empty

  Scenario: Old wording with isn't and doesn't
    Given URL path "/headers"
    When the URL is invoked
    Then header "X-Custom" isn't "xyz"
    And header "X-Custom" doesn't contain "zz"

  Scenario: The body as text, and the response time
    Given URL path "/text"
    When the URL is invoked
    Then response contains "no such page"
    And response does not contain "Traceback"
    And response time is less than "30000" ms

  Scenario: Redirects are followed
    Given URL path "/redirect"
    When the URL is invoked
    Then status is "200"
    And path "/string" is "How do you do?"

  Scenario: The whole response compared with a file
    Given URL path "/demo/rest"
    And REST method "POST"
    When the URL is invoked
    Then response is equal to that from "demo.json"
