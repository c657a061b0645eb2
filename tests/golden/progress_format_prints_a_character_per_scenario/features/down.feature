Feature: A target that is down

  Scenario: Nothing listens on port 1
    Given address "http://127.0.0.1:1"
    And URL path "/json"
    When the URL is invoked
    Then status is "200"

  Scenario: An assertion failure in the same run
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "500"
