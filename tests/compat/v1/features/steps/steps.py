# -*- coding: utf-8 -*-
from behave import given, then
from zato.apitest.util import obtain_values
