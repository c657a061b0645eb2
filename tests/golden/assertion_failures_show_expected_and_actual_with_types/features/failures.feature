Feature: Every kind of assertion failure

  Background:
    Given address "$TARGET"
    And URL path "/json"

  Scenario: A status that differs
    When the URL is invoked
    Then status is "201"

  Scenario: A string compared with a number
    When the URL is invoked
    Then path "/float" is "1.5"

  Scenario: A path that does not exist
    When the URL is invoked
    Then path "/nested/deep/valu" is "x"

  Scenario: An index past the end of a list
    When the URL is invoked
    Then path "/list/5" is "Ack"

  Scenario: A header that does not exist
    When the URL is invoked
    Then header "X-Request-Id" is "abc"

  Scenario: A header with another value
    When the URL is invoked
    Then header "Content-Type" is "text/html"

  Scenario: A list with other items
    When the URL is invoked
    Then path "/list" is a list "Ack,Nack"

  Scenario: An integer that differs
    When the URL is invoked
    Then path "/integer" is an integer "8"

  Scenario: A document that differs
    When the URL is invoked
    Then path "/nested" is JSON "{"deep": {"value": "y", "extra": 1}}"

  Scenario: A JSON check on a response that is not JSON
    Given URL path "/text"
    When the URL is invoked
    Then path "/x" is "y"

  Scenario: A type check that fails
    When the URL is invoked
    Then path "/string" is any integer

  Scenario: A value that is empty
    When the URL is invoked
    Then path "/empty_string" is not empty
