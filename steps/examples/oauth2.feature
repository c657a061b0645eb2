Feature: OAuth2
  A bearer token from a token endpoint, stored under a name and sent with every
  later request. The test target's token spells out the fields it received.

  Background:
    Given address "$TARGET"
    And OAuth2 endpoint "${TARGET}/token"
    And OAuth2 credentials "api" "secret"

  Scenario: A token from a form request with the defaults
    Given OAuth2 scopes "read write"
    And I store an OAuth2 bearer token under "token"
    Then variable "#token" is a string "form|grant_type=password&password=secret&scopes=read+write&username=api"

  Scenario: A token from a JSON request with custom fields, sent on later requests
    Given OAuth2 grant type "client_credentials"
    And OAuth2 client ID field "client_id"
    And OAuth2 client secret field "client_secret"
    And OAuth2 extra fields "audience=api, tenant=7"
    And OAuth2 request format "JSON"
    And I store an OAuth2 bearer token under "token"
    And OAuth2 bearer token "#token"
    And URL path "/echo"
    When the URL is invoked
    Then path "/headers/authorization" is "Bearer json|audience=api&client_id=api&client_secret=secret&grant_type=client_credentials&tenant=7"
    And OAuth2 context is cleaned up
    When the URL is invoked
    Then I store "/headers/authorization" from response under "auth", default "none"
    And variable "#auth" is a string "none"
