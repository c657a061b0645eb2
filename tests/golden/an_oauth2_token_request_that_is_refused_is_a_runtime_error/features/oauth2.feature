Feature: OAuth2

  Scenario: Wrong credentials
    Given OAuth2 endpoint "${TARGET}/token"
    And OAuth2 credentials "api" "wrong-password"
    And I store an OAuth2 bearer token under "token"
    And address "$TARGET"
    And OAuth2 bearer token "#token"
    When the URL is invoked

  Scenario: No endpoint
    Given OAuth2 credentials "api" "secret"
    And I store an OAuth2 bearer token under "token"
