Feature: A service started from apitest.toml

  Scenario: Its URL is a variable
    Given address "@services.web.url"
    And URL path "/features/web.feature"
    And response format "RAW"
    When the URL is invoked
    Then status is "200"
    And header "Server" starts with "SimpleHTTP"
