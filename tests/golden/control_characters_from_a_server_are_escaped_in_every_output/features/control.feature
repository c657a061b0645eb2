Feature: A server that sends control characters

  Scenario: The body is shown in a failure
    Given address "$TARGET"
    And URL path "/control"
    When the URL is invoked
    Then status is "201"

  Scenario: The body is compared as text
    Given address "$TARGET"
    And URL path "/control"
    When the URL is invoked
    Then response is equal to "plain text"
