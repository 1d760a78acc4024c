begin 1
begin 2
after exit, same clause
end

