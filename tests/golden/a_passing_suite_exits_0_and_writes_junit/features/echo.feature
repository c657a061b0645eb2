Feature: Requests are sent as described

  Scenario: Method, query, headers, auth and a doc-string body
    Given address "$TARGET"
    And URL path "/echo"
    And query string "?a=1&b=two"
    And REST method "PUT"
    And header "X-Trace" "trace-1"
    And user agent is "golden/1.0"
    And Basic Auth "api" "secret"
    And request is:
      """
      {"customer": {"id": 42, "name": "@{greeting}"}}
      """
    And path "/customer/tags" in request is a list "a,b"
    When the URL is invoked
    Then path "/method" is "PUT"
    And path "/query" is "a=1&b=two"
    And path "/headers/user-agent" is "golden/1.0"
    And path "/headers/authorization" is "Basic YXBpOnNlY3JldA=="
    And path "/headers/x-correlation-id" is any string
    And path "/body/customer/id" is an integer "42"
    And path "/body/customer/name" is "How do you do?"
    And path "/body/customer/tags" is a list "a,b"
    And path "/headers/x-trace" is "trace-1"
