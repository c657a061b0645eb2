Feature: Variables
  Generated and encoded values stored under a name, and checks of a variable's
  value or type.

  Scenario: Generated values
    Given I store a random string under "rnd_s"
    And I store a random integer under "rnd_i"
    And I store a random float under "rnd_f"
    And I store a random date under "rnd_d", format "default"
    And I encode "api:secret" using Base64 under "basic"
    Then variable "#rnd_s" is any string
    And variable "#rnd_i" is any integer
    And variable "#rnd_f" is any float
    And variable "#rnd_d" is any string
    And variable "#basic" is a string "YXBpOnNlY3JldA=="

  Scenario: Values and types from a response
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then I store "/integer" from response under "count"
    And I store "/float" from response under "price"
    And I store "/list" from response under "flow"
    And I store "/empty_list" from response under "errors"
    And I store "/true" from response under "active"
    And I store "/false" from response under "blocked"
    And I store "/nested" from response under "action"
    And I store "/uuid" from response under "request_id"
    And I store "/string" from response under "cust_name"
    And variable "#cust_name" is a string "How do you do?"
    And variable "#count" is an integer "7"
    And variable "#price" is a float "1.5"
    And variable "#flow" is a list "['Ack', 'Done']"
    And variable "#errors" is an empty list
    And variable "#active" is True
    And variable "#blocked" is False
    And variable "#flow" is any list
    And variable "#action" is any dict
    And variable "#active" is any Boolean
    And variable "#request_id" is any UUID4
