Feature: Unknown variables

  Scenario: A config variable with a typo
    Given address "$TARGET"
    And URL path "@base_pth"
    When the URL is invoked

  Scenario: A stored variable never stored
    Given address "$TARGET"
    And URL path "/json"
    And I store "1" under "one"
    And header "Authorization" "Bearer #{tok}"
    When the URL is invoked

  Scenario: An environment variable that is not set
    Given address "$APITEST_NO_SUCH_VARIABLE"
    When the URL is invoked
