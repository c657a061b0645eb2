Feature: Request setup
  Address, URL path, query string, method, headers, user agent, auth and formats.
  Every request goes to a server that echoes what it received.

  Background:
    Given address "$TARGET"
    And URL path "/echo"

  Scenario: Method, query string and headers
    Given REST method "PATCH"
    And query string "?page=2&size=10"
    And header "X-Custom-Header" "MyValue"
    And user agent is "my-client/1.0"
    When the URL is invoked
    Then path "/method" is "PATCH"
    And path "/query" is "page=2&size=10"
    And path "/headers/x-custom-header" is "MyValue"
    And path "/headers/user-agent" is "my-client/1.0"

  Scenario: The 1.x method wording and Basic Auth
    Given HTTP method "DELETE"
    And Basic Auth "api" "secret"
    When the URL is invoked
    Then path "/method" is "DELETE"
    And path "/headers/authorization" is "Basic YXBpOnNlY3JldA=="

  Scenario: A RAW request body
    Given request format "RAW"
    And REST method "POST"
    And header "Content-Type" "text/plain"
    And request is "plain text"
    When the URL is invoked
    Then path "/body" is "plain text"
    And path "/headers/content-type" is "text/plain"

  Scenario: A RAW response compared as text
    Given URL path "/text"
    And response format "RAW"
    When the URL is invoked
    Then status is "404"
    And response is equal to "Not Found: no such page"

  Scenario: Form fields, a repeated name sent twice
    Given format "FORM"
    And REST method "POST"
    And form field "tag" is "a"
    And form field "tag" is "b"
    And request param "q" is "x y"
    When the URL is invoked
    Then path "/body" is "tag=a&tag=b&q=x+y"
    And path "/headers/content-type" is "application/x-www-form-urlencoded"

  Scenario: A file upload with a form field, after a clean-up
    Given format "FORM"
    And REST method "POST"
    And form field "dropped" is "x"
    And form is cleaned up
    And form field "title" is "greeting"
    And request file "attachment" is "hello.txt"
    When the URL is invoked
    Then path "/headers/content-type" starts with "multipart/form-data; boundary="
    And path "/body" contains "hello from a file"
    And path "/body" contains "greeting"
