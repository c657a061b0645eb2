Feature: OAuth2 bearer tokens

@smoke
Scenario: A token used by a later request
    Given address "$TARGET"
    Given OAuth2 endpoint "${TARGET}/token"
    Given OAuth2 credentials "api" "secret"
    Given OAuth2 scopes "read"
    Given OAuth2 grant type "password"
    Given OAuth2 request format "FORM"
    Given I store an OAuth2 bearer token under "tok"
    Given OAuth2 bearer token "#tok"
    Given URL path "/echo"
    When the URL is invoked
    Then path "/headers/authorization" starts with "Bearer form|"
    And variable "#tok" is any string
    And OAuth2 context is cleaned up
    And context is logged
