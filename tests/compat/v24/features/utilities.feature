Feature: Variables, forms and utilities in the 24.x wording

@smoke
Scenario: Generated values and their types
    Given I store a random integer under "rnd"
    Given I store a random float under "rf"
    Given I store a random string under "rs"
    Given I store a random date under "rd", format "default"
    Given I encode "user:pass" using Base64 under "b64"
    Then variable "#rnd" is any integer
    And variable "#rf" is any float
    And variable "#rs" is any string
    And variable "#rd" is any string
    And variable "#b64" is a string "dXNlcjpwYXNz"
    And I proceed further

@extra
Scenario: Form fields and a file upload
    Given address "$TARGET"
    Given URL path "/echo"
    Given REST method "POST"
    Given format "FORM"
    Given form field "title" is "greeting"
    Given request file "attachment" is "hello.txt"
    When the URL is invoked
    Then path "/headers/content-type" starts with "multipart/form-data"
    And path "/body" contains "hello from a file"
    And form is cleaned up

Scenario: Typed checks in the new wording
    Given address "$TARGET"
    Given URL path "/json"
    When this scenario is invoked
    And this step is invoked
    And the URL is invoked
    Then path "/uuid" is a uuid
    And path "/string" is any string
    And path "/string" starts with any of "Hi,How"
    And path "/string" is not a string "Hello"
    And path "/status" is not one of "closed,deleted"
    And path "/list" is not an empty list
    And path "/string" is not empty
    And I store "/list" from response under "flow"
    And variable "#flow" is a list "['Ack', 'Done']"
    And variable "#flow" is any list
    And JSON response exists

Scenario: A non-JSON error page does not break the invocation
    Given address "$TARGET"
    Given URL path "/text"
    When the URL is invoked
    Then status is "404"
    And header "Content-Type" starts with "text/plain"

Scenario: Dates, including an hour ago in UTC
    Given address "$TARGET"
    Given URL path "/echo"
    Given REST method "POST"
    Given date format "stamp" "YYYY-MM-DD HH:mm"
    Given request is "{}"
    Given path "/ago" in request is UTC now "stamp" minus one hour
    Given path "/rand" in request is a random date "stamp"
    Given path "/after" in request is a random date after "2024-10-01" "stamp"
    Given path "/before" in request is a random date before "2024-10-01" "stamp"
    When the URL is invoked
    Then path "/body/ago" is any string
    And path "/body/rand" is any string
