trigger

