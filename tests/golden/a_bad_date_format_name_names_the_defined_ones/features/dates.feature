Feature: Date formats

  Scenario: A format name that was never registered
    Given address "$TARGET"
    And URL path "/echo"
    And date format "day" "YYYY-MM-DD"
    And path "/when" in request is now "dya"
    When the URL is invoked
    Then status is "200"

  Scenario: A date that cannot be read
    Given address "$TARGET"
    And path "/when" in request is a random date after "next Tuesday" "default"
